/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0 */

/* The compat headers are C headers too: every spelling of every header
 * compiles as C, and the inline helpers link without a C++ compiler. */

#include PORTRES_COMPAT_EVERY_SPELLING_HEADER

/* Called from every_spelling_test.cc: a C translation unit's view of the
 * helpers and layouts, for the C++ side to compare. */
int portres_c_view_sizes(size_t* storage, size_t* inet, size_t* in6) {
  *storage = sizeof(SOCKADDR_STORAGE);
  *inet = sizeof(SOCKADDR_INET);
  *in6 = sizeof(SOCKADDR_IN6);
  return (int)sizeof(INET_PORT_RESERVATION_INSTANCE);
}

int portres_c_maps_v4(void) {
  IN_ADDR loopback;
  SOCKADDR_IN6 mapped;
  SCOPE_ID scope = SCOPEID_UNSPECIFIED_INIT;
  loopback.s_addr = htonl(INADDR_LOOPBACK);
  IN6ADDR_SETV4MAPPED(&mapped, &loopback, scope, htons(443));
  return IN6_IS_ADDR_V4MAPPED(&mapped.sin6_addr) &&
         IN6_GET_ADDR_V4MAPPED(&mapped.sin6_addr)->s_addr == loopback.s_addr &&
         INETADDR_PORT((const SOCKADDR*)&mapped) == htons(443);
}
