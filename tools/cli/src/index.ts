/**
 * @sessionwire/cli: the `sessionwire` command line, and the demo walk as a function.
 *
 * @since 0.1.0
 */
export * as Cli from "./Cli.ts"
export * as CliError from "./CliError.ts"
export * as Color from "./Color.ts"
export * as Decode from "./Decode.ts"
export * as Demo from "./Demo.ts"
export * as DemoCommand from "./DemoCommand.ts"
export * as ExitCode from "./ExitCode.ts"
export * as Input from "./Input.ts"
export * as Output from "./Output.ts"
export * as Suggest from "./Suggest.ts"
