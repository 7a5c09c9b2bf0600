export {};
//# sourceMappingURL=mailer-options-factory.interface.js.map