export {};
//# sourceMappingURL=session-options.js.map