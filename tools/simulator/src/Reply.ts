/**
 * What a simulated endpoint answers: plain data, so handlers stay synchronous and
 * testable without a socket, and the HTTP layer can still mangle it (fault injection).
 *
 * @since 0.1.0
 */
export interface Reply {
  readonly status: number
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export const text = (
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {}
): Reply => ({
  status,
  headers: { "content-type": contentType, ...headers },
  body
})

export const json = (status: number, value: unknown): Reply =>
  text(
    status,
    "application/json; charset=utf-8",
    JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v), 2)
  )

/** An HTML error page of the kind proxies and IIS put in front of a service. */
export const htmlPage = (status: number, title: string, message: string, headers: Record<string, string> = {}): Reply =>
  text(
    status,
    "text/html; charset=us-ascii",
    `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>${title}</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>\r\n<BODY><h2>${title}</h2>\r\n<hr><p>${message}</p>\r\n</BODY></HTML>\r\n`,
    headers
  )
