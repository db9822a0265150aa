/* Copyright 2026 The portres Authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * An installer: reserves TCP ports 5000-5009 for a service, persistently,
 * and exits. Plain Win32 code; on Linux it runs against the shared machine
 * PORTRES_SIM_HOST names (README: "One machine, several processes"). */

#include <winsock2.h>
#include <iphlpapi.h>
#include <stdio.h>

int main(void) {
  ULONG64 token = 0;
  ULONG result = CreatePersistentTcpPortReservation(htons(5000), 10, &token);
  if (result != NO_ERROR) {
    printf("installer: CreatePersistentTcpPortReservation failed: %lu\n",
           (unsigned long)result);
    return 1;
  }
  printf("installer: reserved 5000-5009, token %llu\n",
         (unsigned long long)token);
  return 0;
}
