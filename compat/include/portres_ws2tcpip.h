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

/* Name resolution for this machine (docs §22, DP29): numeric addresses,
 * `localhost`, and no name service; numeric ports. */
#define AI_PASSIVE 0x00000001
#define AI_CANONNAME 0x00000002
#define AI_NUMERICHOST 0x00000004
#define AI_NUMERICSERV 0x00000008
#define AI_ALL 0x00000100
#define AI_ADDRCONFIG 0x00000400
#define AI_V4MAPPED 0x00000800

#define EAI_AGAIN WSATRY_AGAIN
#define EAI_BADFLAGS WSAEINVAL
#define EAI_FAIL WSANO_RECOVERY
#define EAI_FAMILY WSAEAFNOSUPPORT
#define EAI_MEMORY WSA_NOT_ENOUGH_MEMORY
#define EAI_NONAME WSAHOST_NOT_FOUND
#define EAI_NODATA EAI_NONAME
#define EAI_SERVICE WSATYPE_NOT_FOUND
#define EAI_SOCKTYPE WSAESOCKTNOSUPPORT

#define NI_MAXHOST 1025
#define NI_MAXSERV 32
#define NI_NOFQDN 0x01
#define NI_NUMERICHOST 0x02
#define NI_NAMEREQD 0x04
#define NI_NUMERICSERV 0x08
#define NI_DGRAM 0x10

#define GAI_STRERROR_BUFFER_SIZE 1024

/* Windows' layout: ai_canonname comes before ai_addr. */
typedef struct addrinfo {
  int ai_flags;
  int ai_family;
  int ai_socktype;
  int ai_protocol;
  size_t ai_addrlen;
  char* ai_canonname;
  struct sockaddr* ai_addr;
  struct addrinfo* ai_next;
} ADDRINFOA, *PADDRINFOA;
typedef struct addrinfoW {
  int ai_flags;
  int ai_family;
  int ai_socktype;
  int ai_protocol;
  size_t ai_addrlen;
  PWSTR ai_canonname;
  struct sockaddr* ai_addr;
  struct addrinfoW* ai_next;
} ADDRINFOW, *PADDRINFOW;

INT portres_getaddrinfo(PCSTR pNodeName, PCSTR pServiceName,
                        const ADDRINFOA* pHints, PADDRINFOA* ppResult);
VOID portres_freeaddrinfo(PADDRINFOA pAddrInfo);
INT GetAddrInfoW(PCWSTR pNodeName, PCWSTR pServiceName,
                 const ADDRINFOW* pHints, PADDRINFOW* ppResult);
VOID FreeAddrInfoW(PADDRINFOW pAddrInfo);
INT portres_getnameinfo(const struct sockaddr* pSockaddr,
                        socklen_t SockaddrLength, PCHAR pNodeBuffer,
                        DWORD NodeBufferSize, PCHAR pServiceBuffer,
                        DWORD ServiceBufferSize, INT Flags);
INT GetNameInfoW(const struct sockaddr* pSockaddr, socklen_t SockaddrLength,
                 PWCHAR pNodeBuffer, DWORD NodeBufferSize,
                 PWCHAR pServiceBuffer, DWORD ServiceBufferSize, INT Flags);
/* The system message of a getaddrinfo code, in a per-thread buffer. */
char* gai_strerrorA(int ecode);
WCHAR* gai_strerrorW(int ecode);
#define GetAddrInfoA portres_getaddrinfo
#define FreeAddrInfoA portres_freeaddrinfo
#ifdef UNICODE
#define GetAddrInfo GetAddrInfoW
#define FreeAddrInfo FreeAddrInfoW
#define GetNameInfo GetNameInfoW
#define gai_strerror gai_strerrorW
#define ADDRINFOT ADDRINFOW
#else
#define GetAddrInfo GetAddrInfoA
#define FreeAddrInfo FreeAddrInfoA
#define GetNameInfo portres_getnameinfo
#define gai_strerror gai_strerrorA
#define ADDRINFOT ADDRINFOA
#endif

#ifdef __cplusplus
} /* extern "C" */
/* getaddrinfo, freeaddrinfo and getnameinfo are the C library's names too:
 * C++ sees inline functions, C macros. */
inline INT getaddrinfo(PCSTR node, PCSTR service, const ADDRINFOA* hints,
                       PADDRINFOA* result) {
  return portres_getaddrinfo(node, service, hints, result);
}
inline VOID freeaddrinfo(PADDRINFOA info) { portres_freeaddrinfo(info); }
inline INT getnameinfo(const sockaddr* address, socklen_t length, PCHAR host,
                       DWORD host_size, PCHAR service, DWORD service_size,
                       INT flags) {
  return portres_getnameinfo(address, length, host, host_size, service,
                             service_size, flags);
}
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
#define getaddrinfo portres_getaddrinfo
#define freeaddrinfo portres_freeaddrinfo
#define getnameinfo portres_getnameinfo
#endif

PORTRES_COMPAT_API_END

#endif /* PORTRES_COMPAT_WS2TCPIP_H_ */
