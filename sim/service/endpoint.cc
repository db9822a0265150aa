// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "sim/service/endpoint.h"

#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace portres::sim::service {
namespace {

bool ValidName(absl::string_view name) {
  if (name.empty() || name.size() > 64 || name == "." || name == "..") {
    return false;
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<Endpoint> ResolveEndpoint(absl::string_view name) {
  std::string chosen(name);
  if (chosen.empty()) {
    const char* from_environment = std::getenv(kHostVariable);
    if (from_environment == nullptr || *from_environment == '\0') {
      return absl::FailedPreconditionError(absl::StrCat(
          "no shared machine named: set ", kHostVariable,
          " or pass --host NAME"));
    }
    chosen = from_environment;
  }
  Endpoint e;
  e.name = chosen;
  std::string prefix;
  if (absl::StrContains(chosen, '/')) {
    e.directory = chosen;
    while (e.directory.size() > 1 && e.directory.back() == '/') {
      e.directory.pop_back();
    }
    prefix = absl::StrCat(e.directory, "/host");
  } else {
    if (!ValidName(chosen)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", chosen, "\" is not a machine name: use letters, digits, '.', ",
          "'_' and '-' (at most 64), or a directory path containing '/'"));
    }
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    e.directory = runtime != nullptr && *runtime == '/'
                      ? absl::StrCat(runtime, "/portres")
                      : absl::StrCat("/tmp/portres-", ::geteuid());
    prefix = absl::StrCat(e.directory, "/", chosen);
  }
  e.socket_path = absl::StrCat(prefix, ".sock");
  e.store_path = absl::StrCat(prefix, ".store");
  e.pid_path = absl::StrCat(prefix, ".pid");
  e.log_path = absl::StrCat(prefix, ".log");
  e.lock_path = absl::StrCat(prefix, ".lock");
  if (e.socket_path.size() >= sizeof(sockaddr_un{}.sun_path)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the socket path ", e.socket_path, " is longer than a Unix socket ",
        "address allows (", sizeof(sockaddr_un{}.sun_path) - 1, " bytes)"));
  }
  return e;
}

absl::Status PrepareDirectory(const Endpoint& endpoint) {
  const std::string& dir = endpoint.directory;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create ", dir, ": ", std::strerror(errno)));
  }
  struct stat st;
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::PermissionDeniedError(
        absl::StrCat(dir, " is not a directory"));
  }
  // Someone else's directory (a squatter in /tmp) or one others may write
  // to would let them replace the socket: refuse rather than trust it.
  if (st.st_uid != ::geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        dir, " belongs to uid ", st.st_uid, " or is writable by others: ",
        "refusing it (remove it, or name a machine by a directory of yours)"));
  }
  return absl::OkStatus();
}

}  // namespace portres::sim::service
