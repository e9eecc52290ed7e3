/** What the global setups hand to tests through vitest's inject(). */
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseOwnerUrl: string;
    adminUrl: string;
    templateDatabase: string;
    runPrefix: string;
    /** DOCKER_HOST of the real engine tests use. */
    dockerHost: string;
    testImages: import('../engine/images').TestImages;
  }
}

export {};
