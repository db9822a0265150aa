// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: ws2tcpip.h
 *
 * portres's stand-in for <ws2tcpip.h>: brings in <winsock2.h> and
 * <ws2ipdef.h>, and adds address text conversion: inet_pton/inet_ntop (and
 * InetPtonA/W, InetNtopA/W) with Windows' AF_INET/AF_INET6 numbers.
 * Name resolution (getaddrinfo) is not covered.
 *
 * Example:
 *   IN6_ADDR mapped;
 *   inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped);  // returns 1
 *
 * Thread safety: every function may be called from any thread; results
 * that fail set the calling thread's last error.
 */
#ifndef PORTRES_COMPAT_WS2TCPIP_H_
#define PORTRES_COMPAT_WS2TCPIP_H_

#include "portres/export.h"
#include "portres_winsock2.h"
#include "portres_ws2ipdef.h"

/* What follows is exported by a shared portres_compat (portres/export.h). */
PORTRES_COMPAT_API_BEGIN
#ifdef __cplusplus
extern "C" {
#endif

/* Windows' socklen_t is int. The host C library defines its own (unsigned
 * int, same width) in <unistd.h>, which C++ code often has already
 * included; when it has, that one stays, since a second typedef would not
 * compile. The guard is the C library's own. */
#ifndef __socklen_t_defined
typedef int socklen_t;
#define __socklen_t_defined
#endif

#define INET_ADDRSTRLEN 22
#define INET6_ADDRSTRLEN 65

/* Text to address. Returns 1 and writes 4 (AF_INET) or 16 (AF_INET6) bytes
 * in network order; 0 when the text is not an address of that family (the
 * last error is left as it was: the page documents none); -1 with
 * WSAEAFNOSUPPORT for another family, or WSAEFAULT for a null pointer. IPv4
 * text is strict dotted decimal; IPv6 text may end in a dotted quad. */
INT InetPtonA(INT Family, PCSTR pszAddrString, PVOID pAddrBuf);
INT InetPtonW(INT Family, PCWSTR pszAddrString, PVOID pAddrBuf);
/* Address to text (IPv6 as RFC 5952 writes it: lower case, the longest run
 * of two or more zero groups as ::, ::ffff:a.b.c.d for mapped and
 * ::a.b.c.d for IPv4-compatible addresses). Returns pStringBuf; NULL with
 * WSAEAFNOSUPPORT for another family, or ERROR_INVALID_PARAMETER for a null
 * pointer, a zero size or a buffer too small (as the page documents). */
PCSTR InetNtopA(INT Family, const VOID* pAddr, PSTR pStringBuf,
                size_t StringBufSize);
PCWSTR InetNtopW(INT Family, const VOID* pAddr, PWSTR pStringBuf,
                 size_t StringBufSize);
#ifdef UNICODE
#define InetPton InetPtonW
#define InetNtop InetNtopW
#else
#define InetPton InetPtonA
#define InetNtop InetNtopA
#endif

#ifdef __cplusplus
} /* extern "C" */
/* inet_pton and inet_ntop are the host C library's names too (with other
 * AF_INET6 numbers): C++ sees inline functions, C macros. */
inline INT inet_pton(INT family, PCSTR text, PVOID address) {
  return InetPtonA(family, text, address);
}
inline PCSTR inet_ntop(INT family, const VOID* address, PSTR text,
                       size_t size) {
  return InetNtopA(family, address, text, size);
}
#else
#define inet_pton InetPtonA
#define inet_ntop InetNtopA
#endif

PORTRES_COMPAT_API_END

#endif /* PORTRES_COMPAT_WS2TCPIP_H_ */
