/**
 * The one cap on texts an error carries. Servers control reasons, messages,
 * element names and details; a hostile one can send megabytes, and an error that
 * holds them whole fills logs and memory. Cap only what secrets have already been
 * scrubbed from (see `Secret`): cutting first could keep half a secret.
 *
 * @since 0.2.0
 */

/**
 * Characters an error text keeps: enough for any real reason or message.
 *
 * @since 0.2.0
 * @category constants
 */
export const MAX_TEXT = 1024

/**
 * `text` when it fits in `max` characters; otherwise its first `max` characters,
 * an ellipsis and the original length, e.g. `aaaa… (10485760 characters)`.
 * A surrogate pair is never split.
 *
 * @since 0.2.0
 * @category bounding
 */
export const cap = (text: string, max: number = MAX_TEXT): string => {
  if (text.length <= max) return text
  let end = max
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}… (${text.length} characters)`
}

/**
 * Whether a text was cut by {@link cap}.
 *
 * @since 0.2.0
 * @category bounding
 */
export const isCapped = (text: string): boolean => /… \(\d+ characters\)$/.test(text)
