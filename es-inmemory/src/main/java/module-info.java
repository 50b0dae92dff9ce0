/** The in-memory store: every port of es-core in one thread-safe object, and its Guice module. */
module dev.escqrs.inmemory {
    requires transitive dev.escqrs.core;
    // the Guice module is optional: Spring applications run without Guice (the starter excludes it)
    requires static com.google.guice;

    exports dev.escqrs.inmemory;
    // Guice calls the module's provider methods reflectively
    opens dev.escqrs.inmemory to
            com.google.guice;
}
