// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Process token handles (token_api.cc), for CloseHandle.

#ifndef PORTRES_COMPAT_TOKENS_H_
#define PORTRES_COMPAT_TOKENS_H_

#include "windows.h"

namespace portres::compat::internal {

// Closes `handle` if it is an open token handle; false if it is not one.
bool CloseToken(HANDLE handle);

}  // namespace portres::compat::internal

#endif  // PORTRES_COMPAT_TOKENS_H_
