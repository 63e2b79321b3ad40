import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse, type SchemaObject } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';

/** A contract schema as plain JSON (TypeBox marks its schemas with symbols that OpenAPI does not want). */
export const openApiSchema = (schema: TSchema): SchemaObject =>
  JSON.parse(JSON.stringify(schema)) as SchemaObject;

/** Documents an endpoint's response with its schema from libs/contracts, so the docs cannot drift from it. */
export const ContractResponse = (
  schema: TSchema,
  { status = HttpStatus.OK, description = '' }: { status?: number; description?: string } = {},
) =>
  applyDecorators(
    ApiResponse({
      status,
      description: description || schema.description || '',
      schema: openApiSchema(schema),
    }),
  );
