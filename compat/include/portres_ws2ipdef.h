// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: ws2ipdef.h
 *
 * portres's stand-in for <ws2ipdef.h>: the IPv6 socket address with
 * Windows' layout (28 bytes, scope as a number or a SCOPE_ID), SOCKADDR_INET,
 * the IPPROTO_IPV6 option IPV6_V6ONLY, in6addr_any/in6addr_loopback with
 * their _INIT macros, and the IN6_IS_ADDR_* and IN6_ADDR_EQUAL tests.
 *
 * Example:
 *   SOCKADDR_IN6 any = {0};
 *   any.sin6_family = AF_INET6;
 *   any.sin6_addr = in6addr_any;
 *
 * Thread safety: declarations only.
 */
#ifndef PORTRES_COMPAT_WS2IPDEF_H_
#define PORTRES_COMPAT_WS2IPDEF_H_

#include "portres/export.h"
#include "portres_in6addr.h"
#include "portres_ws2def.h"

/* What follows is exported by a shared portres_compat (portres/export.h). */
PORTRES_COMPAT_API_BEGIN
#ifdef __cplusplus
extern "C" {
#define PORTRES_COMPAT_INLINE inline
#else
#define PORTRES_COMPAT_INLINE static inline
#endif

/* IPPROTO_IP and IPPROTO_IPV6 option names. */
#define IP_OPTIONS 1
#define IP_TOS 3
#define IP_TTL 4
#define IP_DONTFRAGMENT 14
#define IP_PKTINFO 19
#define IPV6_UNICAST_HOPS 4
#define IPV6_V6ONLY 27
#define IPV6_DONTFRAG 14
#define IPV6_PKTINFO 19

typedef struct sockaddr_in6 {
  ADDRESS_FAMILY sin6_family;
  USHORT sin6_port; /* network byte order */
  ULONG sin6_flowinfo;
  IN6_ADDR sin6_addr;
  union {
    ULONG sin6_scope_id;
    SCOPE_ID sin6_scope_struct;
  };
} SOCKADDR_IN6_LH, *PSOCKADDR_IN6_LH, *LPSOCKADDR_IN6_LH;
typedef SOCKADDR_IN6_LH SOCKADDR_IN6, *PSOCKADDR_IN6, *LPSOCKADDR_IN6;

/* An IPv4 or IPv6 socket address; si_family says which. */
typedef union _SOCKADDR_INET {
  SOCKADDR_IN Ipv4;
  SOCKADDR_IN6 Ipv6;
  ADDRESS_FAMILY si_family;
} SOCKADDR_INET, *PSOCKADDR_INET;

#define IN6ADDR_ANY_INIT \
  {{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}}
#define IN6ADDR_LOOPBACK_INIT \
  {{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}}
#define IN6ADDR_V4MAPPEDPREFIX_INIT \
  {{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0}}}
extern const IN6_ADDR in6addr_any;
extern const IN6_ADDR in6addr_loopback;
extern const IN6_ADDR in6addr_v4mappedprefix;

PORTRES_COMPAT_INLINE BOOLEAN IN6_ADDR_EQUAL(const IN6_ADDR* x,
                                             const IN6_ADDR* y) {
  return memcmp(x, y, sizeof(IN6_ADDR)) == 0;
}
PORTRES_COMPAT_INLINE BOOLEAN IN6_IS_ADDR_UNSPECIFIED(const IN6_ADDR* a) {
  return IN6_ADDR_EQUAL(a, &in6addr_any);
}
PORTRES_COMPAT_INLINE BOOLEAN IN6_IS_ADDR_LOOPBACK(const IN6_ADDR* a) {
  return IN6_ADDR_EQUAL(a, &in6addr_loopback);
}
PORTRES_COMPAT_INLINE BOOLEAN IN6_IS_ADDR_MULTICAST(const IN6_ADDR* a) {
  return a->u.Byte[0] == 0xff;
}
PORTRES_COMPAT_INLINE BOOLEAN IN6_IS_ADDR_LINKLOCAL(const IN6_ADDR* a) {
  return a->u.Byte[0] == 0xfe && (a->u.Byte[1] & 0xc0) == 0x80;
}
PORTRES_COMPAT_INLINE BOOLEAN IN6_IS_ADDR_SITELOCAL(const IN6_ADDR* a) {
  return a->u.Byte[0] == 0xfe && (a->u.Byte[1] & 0xc0) == 0xc0;
}
/* ::ffff:a.b.c.d, an IPv4 address as a dual-stack socket sees it. */
PORTRES_COMPAT_INLINE BOOLEAN IN6_IS_ADDR_V4MAPPED(const IN6_ADDR* a) {
  return memcmp(a, &in6addr_v4mappedprefix, 12) == 0;
}
/* ::a.b.c.d (deprecated), excluding :: and ::1. */
PORTRES_COMPAT_INLINE BOOLEAN IN6_IS_ADDR_V4COMPAT(const IN6_ADDR* a) {
  static const UCHAR kZero[12] = {0};
  return memcmp(a, kZero, 12) == 0 && !IN6_IS_ADDR_UNSPECIFIED(a) &&
         !IN6_IS_ADDR_LOOPBACK(a);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

PORTRES_COMPAT_API_END

#endif /* PORTRES_COMPAT_WS2IPDEF_H_ */
