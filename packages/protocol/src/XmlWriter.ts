/**
 * The fast XML writer: an `XmlElement` tree to a compact XML 1.0 string, in one pass
 * and without dependencies, because every request goes through it.
 *
 * Every namespace is declared once, on the root element, so a document diffs cleanly
 * and a receiving parser resolves each prefix from one place. No default namespace is
 * ever declared, so an element with namespace `""` is simply unprefixed.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/writer.ts"

/**
 * @since 0.1.0
 * @category models
 */
export type WriteOptions = internal.WriteOptions

/**
 * The declaration both writers emit.
 *
 * @since 0.1.0
 * @category constants
 */
export const DECLARATION: typeof internal.DECLARATION = internal.DECLARATION

/**
 * Whether `name` is an NCName (an XML name without a colon), i.e. usable as a prefix or local name.
 *
 * @since 0.1.0
 * @category guards
 */
export const isNCName: typeof internal.isNCName = internal.isNCName

/**
 * Writes `root` as a compact XML 1.0 document.
 *
 * Prefixes: `options.prefixes` first, then the tree's own prefix if still free, then
 * `xsi`/`xsd` for those namespaces, then `ns1`, `ns2`, …
 *
 * Depth is not limited: the tree is walked with an explicit stack, never by recursion.
 *
 * @throws XmlWriteError when the tree holds a character XML 1.0 cannot carry, a name
 * that is not an NCName or a duplicate attribute.
 * @since 0.1.0
 * @category writing
 */
export const write: typeof internal.write = internal.write

/**
 * `write`, with the failure as a value.
 *
 * @since 0.1.0
 * @category writing
 */
export const writeEither: typeof internal.writeEither = internal.writeEither
