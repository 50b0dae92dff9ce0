/**
 * The tables' vocabulary, below every other package of the store: their names
 * ({@link dev.escqrs.dynamodb.table.TableNames}), the attribute names of their items
 * ({@link dev.escqrs.dynamodb.table.ItemLayout}), how each aggregate type is stored
 * ({@link dev.escqrs.dynamodb.table.StorageMode}), an entry of the change-feed index
 * ({@link dev.escqrs.dynamodb.table.IndexEntry}) and the error of a missing table
 * ({@link dev.escqrs.dynamodb.table.MissingTableException}). It uses es-core and the AWS SDK only.
 */
package dev.escqrs.dynamodb.table;
