// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The calling process's access token, as far as Windows code asks it:
// whether the process runs elevated (docs W5). The Win32 backend asks this
// way before the persistent calls, so compat answers it from the simulated
// process record.

#include <memory>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "compat/compat_state.h"
#include "compat/tokens.h"
#include "windows.h"

namespace portres::compat::internal {
namespace {

// What a token handle grants: fixed when it was opened, as a Windows token
// is fixed when its process starts.
struct Token {
  DWORD access;
  bool elevated;
};

// Open token handles. A handle is the address of its Token, so a stale or
// foreign handle is recognised (ERROR_INVALID_HANDLE) instead of read.
struct TokenTable {
  std::mutex mu;
  absl::flat_hash_map<HANDLE, std::unique_ptr<Token>> open;
};
TokenTable& Tokens() {
  static TokenTable* table = new TokenTable();  // threads may outlive main()
  return *table;
}

// GetCurrentProcess's pseudo-handle, (HANDLE)-1 as on Windows.
HANDLE CurrentProcessHandle() { return INVALID_HANDLE_VALUE; }

}  // namespace

bool CloseToken(HANDLE handle) {
  TokenTable& table = Tokens();
  std::lock_guard lock(table.mu);
  return table.open.erase(handle) == 1;
}

}  // namespace portres::compat::internal

using portres::compat::internal::CurrentProcessHandle;
using portres::compat::internal::Fail;
using portres::compat::internal::Token;
using portres::compat::internal::Tokens;
using portres::compat::internal::TokenTable;
using portres::compat::internal::WinsockCall;

extern "C" {

HANDLE GetCurrentProcess(void) { return CurrentProcessHandle(); }

BOOL OpenProcessToken(HANDLE process, DWORD access, PHANDLE token_handle) {
  if (process != CurrentProcessHandle()) {
    return Fail(ERROR_INVALID_HANDLE, FALSE);
  }
  if (token_handle == nullptr) return Fail(ERROR_NOACCESS, FALSE);
  bool elevated;
  {
    WinsockCall call;
    const portres::compat::internal::WinsockProcess* self = call.process();
    // A thread acting as a process that has exited has no token to open.
    if (self == nullptr) return Fail(ERROR_INVALID_HANDLE, FALSE);
    elevated = self->elevated;
  }
  auto token = std::make_unique<Token>(Token{access, elevated});
  HANDLE handle = token.get();
  TokenTable& table = Tokens();
  std::lock_guard lock(table.mu);
  table.open.emplace(handle, std::move(token));
  *token_handle = handle;
  return TRUE;
}

BOOL GetTokenInformation(HANDLE token_handle, TOKEN_INFORMATION_CLASS kind,
                         LPVOID information, DWORD length,
                         PDWORD return_length) {
  Token token;
  {
    TokenTable& table = Tokens();
    std::lock_guard lock(table.mu);
    auto it = table.open.find(token_handle);
    if (it == table.open.end()) return Fail(ERROR_INVALID_HANDLE, FALSE);
    token = *it->second;
  }
  if ((token.access & TOKEN_QUERY) == 0) {
    return Fail(ERROR_ACCESS_DENIED, FALSE);
  }
  if (kind != TokenElevation) return Fail(ERROR_NOT_SUPPORTED, FALSE);
  if (return_length == nullptr) return Fail(ERROR_NOACCESS, FALSE);
  *return_length = sizeof(TOKEN_ELEVATION);
  if (length < sizeof(TOKEN_ELEVATION)) {
    return Fail(ERROR_INSUFFICIENT_BUFFER, FALSE);
  }
  if (information == nullptr) return Fail(ERROR_NOACCESS, FALSE);
  static_cast<TOKEN_ELEVATION*>(information)->TokenIsElevated =
      token.elevated ? 1 : 0;
  return TRUE;
}

}  // extern "C"
