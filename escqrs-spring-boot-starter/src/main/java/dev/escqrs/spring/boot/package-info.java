/**
 * escqrs on Spring Boot: auto-configuration of the store from {@code escqrs.*} properties (memory or DynamoDB), command
 * handlers for the application's {@link dev.escqrs.spring.boot.EscqrsAggregate} beans, a runner for each
 * {@link dev.escqrs.core.projection.ProjectionSpec} bean, Micrometer meters when the application has a registry, and
 * health indicators when it has Boot's health support, and in a Spring MVC application the web layer of
 * {@link dev.escqrs.spring.boot.web}. Every bean backs off when the application declares its own.
 */
package dev.escqrs.spring.boot;
