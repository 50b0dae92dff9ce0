/** The application: use cases on the ports ({@link dev.escqrs.example.blogpost.app.BlogPostService}) and their Guice wiring. */
package dev.escqrs.example.blogpost.app;
