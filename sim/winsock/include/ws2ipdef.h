// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: ws2ipdef.h
 *
 * portres's stand-in for <ws2ipdef.h>: the IPv6 address and socket address
 * with Windows' layout (sockaddr_in6 is 28 bytes).
 *
 * Example:
 *   SOCKADDR_IN6 any = {0};
 *   any.sin6_family = AF_INET6;
 *
 * Thread safety: declarations only.
 */
#ifndef PORTRES_COMPAT_WS2IPDEF_H_
#define PORTRES_COMPAT_WS2IPDEF_H_

#include "winsock2.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct in6_addr {
  union {
    UCHAR Byte[16];
    USHORT Word[8];
  } u;
} IN6_ADDR, *PIN6_ADDR;

typedef struct sockaddr_in6 {
  ADDRESS_FAMILY sin6_family;
  USHORT sin6_port; /* network byte order */
  ULONG sin6_flowinfo;
  IN6_ADDR sin6_addr;
  ULONG sin6_scope_id;
} SOCKADDR_IN6, *PSOCKADDR_IN6;

#ifdef __cplusplus
}
#endif

#endif /* PORTRES_COMPAT_WS2IPDEF_H_ */
