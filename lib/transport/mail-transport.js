export {};
//# sourceMappingURL=mail-transport.js.map