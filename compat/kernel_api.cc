// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The kernel32 functions Windows networking code leans on: the per-thread
// last error (one slot, shared with WSAGetLastError as on Windows),
// CloseHandle for event and token handles, FormatMessage over Windows'
// English system messages, LocalAlloc/LocalFree, and Sleep.

#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "compat/system_messages.h"
#include "compat/tokens.h"
#include "winsock2.h"

namespace {

thread_local DWORD last_error = 0;

// The text FormatMessage produces for `code` under `flags`, or the error
// that makes it fail.
struct Formatted {
  std::string text;
  DWORD error = 0;
};

Formatted FormatSystemMessage(DWORD flags, LPCVOID source, DWORD code) {
  const DWORD width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
  // Only system messages exist here, and of the width settings only "no
  // line breaks" (0xFF) is supported; neither limit is silent.
  if ((flags & FORMAT_MESSAGE_FROM_SYSTEM) == 0 ||
      (flags & (FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_FROM_HMODULE)) !=
          0 ||
      source != nullptr || (width != 0 && width != 0xFF)) {
    return {"", ERROR_INVALID_PARAMETER};
  }
  const char* message = portres::compat::internal::FindSystemMessage(code);
  if (message == nullptr) return {"", ERROR_MR_MID_NOT_FOUND};
  if ((flags & FORMAT_MESSAGE_IGNORE_INSERTS) == 0 &&
      std::strchr(message, '%') != nullptr) {
    // Inserts need arguments, which the simulation does not format.
    return {"", ERROR_INVALID_PARAMETER};
  }
  // A message ends in a line break; FORMAT_MESSAGE_MAX_WIDTH_MASK turns
  // line breaks into spaces.
  return {std::string(message) + (width == 0xFF ? " " : "\r\n"), 0};
}

// Stores `text` as FormatMessage does: into the caller's buffer of `size`
// characters, or into a LocalAlloc'd one whose address goes to *buffer.
template <typename Char>
DWORD Deliver(DWORD flags, const std::string& text, Char* buffer, DWORD size) {
  if (buffer == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return 0;
  }
  const size_t needed = text.size() + 1;
  Char* out = buffer;
  if ((flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) != 0) {
    const size_t chars = needed > size ? needed : size;
    out = static_cast<Char*>(LocalAlloc(LMEM_FIXED, chars * sizeof(Char)));
    if (out == nullptr) {
      SetLastError(ERROR_NOT_ENOUGH_MEMORY);
      return 0;
    }
    *reinterpret_cast<Char**>(buffer) = out;
  } else if (size < needed) {
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    out[i] = static_cast<Char>(static_cast<unsigned char>(text[i]));
  }
  out[text.size()] = 0;
  return static_cast<DWORD>(text.size());
}

template <typename Char>
DWORD FormatMessageAny(DWORD flags, LPCVOID source, DWORD code, Char* buffer,
                       DWORD size) {
  Formatted formatted = FormatSystemMessage(flags, source, code);
  if (formatted.error != 0) {
    SetLastError(formatted.error);
    return 0;
  }
  return Deliver(flags, formatted.text, buffer, size);
}

}  // namespace

extern "C" {

DWORD GetLastError(void) { return last_error; }
void SetLastError(DWORD error) { last_error = error; }
int WSAGetLastError(void) { return static_cast<int>(last_error); }
void WSASetLastError(int error) { last_error = static_cast<DWORD>(error); }

BOOL CloseHandle(HANDLE handle) {
  // Token and event handles are the only kernel objects besides sockets
  // here; the event table answers ERROR_INVALID_HANDLE for anything else.
  if (portres::compat::internal::CloseToken(handle)) return TRUE;
  return WSACloseEvent(handle);
}

DWORD FormatMessageA(DWORD flags, LPCVOID source, DWORD code,
                     DWORD /*language: only English exists here*/,
                     LPSTR buffer, DWORD size, va_list* /*arguments*/) {
  return FormatMessageAny(flags, source, code, buffer, size);
}

DWORD FormatMessageW(DWORD flags, LPCVOID source, DWORD code,
                     DWORD /*language: only English exists here*/,
                     LPWSTR buffer, DWORD size, va_list* /*arguments*/) {
  return FormatMessageAny(flags, source, code, buffer, size);
}

HLOCAL LocalAlloc(UINT flags, SIZE_T bytes) {
  void* memory = (flags & LMEM_ZEROINIT) != 0 ? std::calloc(1, bytes ? bytes : 1)
                                              : std::malloc(bytes ? bytes : 1);
  if (memory == nullptr) SetLastError(ERROR_NOT_ENOUGH_MEMORY);
  return memory;
}

HLOCAL LocalFree(HLOCAL memory) {
  std::free(memory);
  return nullptr;
}

void Sleep(DWORD milliseconds) { SleepEx(milliseconds, FALSE); }

}  // extern "C"
