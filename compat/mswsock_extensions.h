// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The extension functions WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)
// hands out (mswsock_api.cc, DP40).

#ifndef PORTRES_COMPAT_MSWSOCK_EXTENSIONS_H_
#define PORTRES_COMPAT_MSWSOCK_EXTENSIONS_H_

#include "winsock2.h"

namespace portres::compat::internal {

// AcceptEx's, GetAcceptExSockaddrs' or ConnectEx's address for its WSAID;
// nullptr for any other GUID.
void* ExtensionFunction(const GUID& id);

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_MSWSOCK_EXTENSIONS_H_
