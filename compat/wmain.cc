// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// main() for wide console programs: converts argv from UTF-8 and calls the
// program's wmain. The linker takes this file from the portres_compat_wmain
// archive only when the program defines no main of its own.

#include <cstdio>
#include <string>
#include <vector>

#include "portres_windows.h"

namespace {

// Decodes UTF-8 (invalid bytes pass through as Latin-1).
std::wstring DecodeUtf8(const char* text) {
  std::wstring out;
  const auto* p = reinterpret_cast<const unsigned char*>(text);
  while (*p != 0) {
    char32_t c = *p;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    bool valid = true;
    for (int i = 1; i <= extra; ++i) valid = valid && (p[i] & 0xC0) == 0x80;
    if (extra > 0 && valid) {
      c &= 0x3F >> extra;
      for (int i = 1; i <= extra; ++i) c = (c << 6) | (p[i] & 0x3F);
      p += extra + 1;
    } else {
      ++p;
    }
    out += static_cast<wchar_t>(c);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::wstring> args;
  for (int i = 0; i < argc; ++i) args.push_back(DecodeUtf8(argv[i]));
  std::vector<wchar_t*> wide_argv;
  for (std::wstring& arg : args) wide_argv.push_back(arg.data());
  wide_argv.push_back(nullptr);
  int rc = wmain(argc, wide_argv.data());
  std::fflush(stdout);
  return rc;
}
