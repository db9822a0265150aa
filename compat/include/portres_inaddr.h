// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: inaddr.h
 *
 * portres's stand-in for <inaddr.h>: the IPv4 address with Windows' layout
 * and member names (S_un.S_un_b, S_un.S_un_w, S_un.S_addr, s_addr). The
 * address is in network byte order.
 *
 * Example:
 *   IN_ADDR loopback;
 *   loopback.s_addr = htonl(INADDR_LOOPBACK);
 *
 * Thread safety: declarations only.
 */
#ifndef PORTRES_COMPAT_INADDR_H_
#define PORTRES_COMPAT_INADDR_H_

#include "portres_windef.h"

typedef struct in_addr {
  union {
    struct {
      UCHAR s_b1, s_b2, s_b3, s_b4;
    } S_un_b;
    struct {
      USHORT s_w1, s_w2;
    } S_un_w;
    ULONG S_addr;
  } S_un;
} IN_ADDR, *PIN_ADDR, *LPIN_ADDR;
#define s_addr S_un.S_addr
#define s_host S_un.S_un_b.s_b2
#define s_net S_un.S_un_b.s_b1
#define s_imp S_un.S_un_w.s_w2
#define s_impno S_un.S_un_b.s_b4
#define s_lh S_un.S_un_b.s_b3

#endif /* PORTRES_COMPAT_INADDR_H_ */
