export declare class InboxModule {
}
