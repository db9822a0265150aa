// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "service/store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace portres::sim::service {
namespace {

constexpr absl::string_view kHeader = "portres-store 1\n";

uint64_t Fnv1a64(absl::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (char c : bytes) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

bool ParsePort(absl::string_view text, uint16_t* out) {
  uint32_t v = 0;
  if (!absl::SimpleAtoi(text, &v) || v > 65535) return false;
  *out = static_cast<uint16_t>(v);
  return true;
}

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  return absl::UnavailableError(
      absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

std::string EncodeStore(const StoreContents& c) {
  std::string body(kHeader);
  absl::StrAppend(&body, "dynamicport tcp ", c.tcp_dynamic.start, " ",
                  c.tcp_dynamic.count, "\n", "dynamicport udp ",
                  c.udp_dynamic.start, " ", c.udp_dynamic.count, "\n");
  for (const PortRange& r : c.tcp) {
    absl::StrAppend(&body, "persistent tcp ", r.start, " ", r.count, "\n");
  }
  for (const PortRange& r : c.udp) {
    absl::StrAppend(&body, "persistent udp ", r.start, " ", r.count, "\n");
  }
  const size_t records = 2 + c.tcp.size() + c.udp.size();
  absl::StrAppendFormat(&body, "end %d %016x\n", records, Fnv1a64(body));
  return body;
}

absl::StatusOr<StoreContents> DecodeStore(absl::string_view text) {
  if (!absl::StartsWith(text, kHeader)) {
    return absl::InvalidArgumentError(
        "not a portres store (its first line is not \"portres-store 1\")");
  }
  const size_t end_at = text.rfind("\nend ");
  if (end_at == absl::string_view::npos || !absl::EndsWith(text, "\n")) {
    return absl::InvalidArgumentError("incomplete: no end line");
  }
  const absl::string_view body = text.substr(0, end_at + 1);
  const absl::string_view end_line =
      text.substr(end_at + 1, text.size() - end_at - 2);
  StoreContents c;
  int records = 0;
  bool tcp_dynamic = false, udp_dynamic = false;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(body, '\n')) {
    ++line_number;
    if (line_number == 1 || line.empty()) continue;  // header, final '\n'
    std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    uint16_t a = 0, b = 0;
    if (f.size() != 4 || (f[1] != "tcp" && f[1] != "udp") ||
        !ParsePort(f[2], &a) || !ParsePort(f[3], &b)) {
      return LineError(line_number, absl::StrCat("cannot read \"", line, "\""));
    }
    const bool tcp = f[1] == "tcp";
    if (f[0] == "dynamicport") {
      bool& seen = tcp ? tcp_dynamic : udp_dynamic;
      if (seen) return LineError(line_number, "second dynamicport line");
      seen = true;
      (tcp ? c.tcp_dynamic : c.udp_dynamic) = {a, b};
    } else if (f[0] == "persistent") {
      if (a == 0 || b == 0 || uint32_t{a} + b - 1 > 65535) {
        return LineError(line_number, "not a valid block");
      }
      (tcp ? c.tcp : c.udp).push_back({a, b});
    } else {
      return LineError(line_number, absl::StrCat("unknown record ", f[0]));
    }
    ++records;
  }
  if (!tcp_dynamic || !udp_dynamic) {
    return absl::InvalidArgumentError("a dynamicport line is missing");
  }
  const std::string expected = absl::StrFormat(
      "end %d %016x", records, Fnv1a64(body));
  if (end_line != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "checksum mismatch: the end line is \"", end_line, "\", the records ",
        "give \"", expected, "\" (the file was changed or damaged)"));
  }
  return c;
}

absl::StatusOr<std::optional<StoreContents>> LoadStore(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::optional<StoreContents>();
    return ErrnoError("cannot open the store", path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  absl::StatusOr<StoreContents> c = DecodeStore(text.str());
  if (!c.ok()) {
    return absl::DataLossError(
        absl::StrCat("refusing the store ", path, ": ", c.status().message(),
                     ". Move it aside to start with an empty machine."));
  }
  return std::optional<StoreContents>(*std::move(c));
}

absl::Status SaveStore(const std::string& path, const StoreContents& contents) {
  const std::string text = EncodeStore(contents);
  const std::string temporary = absl::StrCat(path, ".tmp");
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoError("cannot create", temporary);
  absl::string_view rest = text;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return ErrnoError("cannot write", temporary);
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return ErrnoError("cannot flush", temporary);
  }
  ::close(fd);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    return ErrnoError("cannot rename over", path);
  }
  // The rename is durable only once the directory is.
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return ErrnoError("cannot open", dir);
  const int synced = ::fsync(dir_fd);
  ::close(dir_fd);
  if (synced != 0) return ErrnoError("cannot flush", dir);
  return absl::OkStatus();
}

}  // namespace portres::sim::service
