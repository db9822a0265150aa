// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: in6addr.h
 *
 * portres's stand-in for <in6addr.h>: the IPv6 address with Windows' layout
 * and member names (u.Byte, u.Word, and the s6_addr/s6_bytes/s6_words
 * spellings).
 *
 * Example:
 *   IN6_ADDR loopback = IN6ADDR_LOOPBACK_INIT;  // <ws2ipdef.h>
 *   loopback.s6_bytes[15] == 1;
 *
 * Thread safety: declarations only.
 */
#ifndef PORTRES_COMPAT_IN6ADDR_H_
#define PORTRES_COMPAT_IN6ADDR_H_

#include "portres_windef.h"

typedef struct in6_addr {
  union {
    UCHAR Byte[16];
    USHORT Word[8];
  } u;
} IN6_ADDR, *PIN6_ADDR, *LPIN6_ADDR;
#define in_addr6 in6_addr
#define _S6_un u
#define _S6_u8 Byte
#define s6_addr _S6_un._S6_u8
#define s6_bytes u.Byte
#define s6_words u.Word

#endif /* PORTRES_COMPAT_IN6ADDR_H_ */
