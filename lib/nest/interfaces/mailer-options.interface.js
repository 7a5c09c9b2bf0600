export {};
//# sourceMappingURL=mailer-options.interface.js.map