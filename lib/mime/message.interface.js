export {};
//# sourceMappingURL=message.interface.js.map