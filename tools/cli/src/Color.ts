/**
 * Whether a stream gets colour: `FORCE_COLOR` turns it on (`0` or `false`: off), a non-empty
 * `NO_COLOR` (https://no-color.org) turns it off, and otherwise only a terminal gets it,
 * so pipes and files never see escape codes.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category predicates
 */
export const enabled = (
  stream: { readonly isTTY?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env
): boolean => {
  const force = env.FORCE_COLOR
  if (force === "0" || force === "false") return false
  if (force !== undefined && force !== "") return true
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false
  return stream.isTTY === true
}

const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g")

/**
 * Removes colour and style codes (SGR), keeping the text.
 *
 * @since 0.1.0
 * @category utils
 */
export const strip = (text: string): string => text.replace(SGR, "")
