// Friendly names for the generated API types this feature uses (never hand-written).
import type { components, operations } from '@/lib/api/schema'

type Schemas = components['schemas']
export type Product = Schemas['Product']
export type ProductList = Schemas['ProductList']
export type ProductStatus = Schemas['ProductStatus']
export type CreateProductRequest = Schemas['CreateProductRequest']
export type UpdateProductRequest = Schemas['UpdateProductRequest']
export type PublicKey = Schemas['PublicKey']
export type PublicKeySet = Schemas['PublicKeySet']
export type Generator = Schemas['Generator']
export type GeneratorList = Schemas['GeneratorList']
export type KeyFormatKind = Schemas['KeyFormatKind']
export type CreateGeneratorRequest = Schemas['CreateGeneratorRequest']
export type UpdateGeneratorRequest = Schemas['UpdateGeneratorRequest']
export type Preview = Schemas['Preview']
export type ProductListQuery = NonNullable<operations['list_products']['parameters']['query']>
