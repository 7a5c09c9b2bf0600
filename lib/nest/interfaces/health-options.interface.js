/** Options and result of MailerHealthIndicator.isHealthy. */
export {};
//# sourceMappingURL=health-options.interface.js.map