// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: ws2tcpip.h
 *
 * portres's stand-in for <ws2tcpip.h>: brings in <winsock2.h> and
 * <ws2ipdef.h>. Name resolution (getaddrinfo, inet_pton) is not covered.
 *
 * Example:
 *   #include <ws2tcpip.h>
 *   SOCKADDR_IN6 address = {0};
 *
 * Thread safety: declarations only.
 */
#ifndef PORTRES_COMPAT_WS2TCPIP_H_
#define PORTRES_COMPAT_WS2TCPIP_H_

#include "winsock2.h"
#include "ws2ipdef.h"

#endif /* PORTRES_COMPAT_WS2TCPIP_H_ */
