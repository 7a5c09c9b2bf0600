/** Used when MAIL_FROM is unset. */
export declare const DEFAULT_MAIL_FROM = "nestjs-smtp sample <sample@example.com>";
export declare class AppModule {
}
