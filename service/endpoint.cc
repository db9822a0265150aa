// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "service/endpoint.h"

#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

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
    e.private_directory = true;
  }
  e.socket_path = absl::StrCat(prefix, ".sock");
  e.store_path = absl::StrCat(prefix, ".store");
  e.pid_path = absl::StrCat(prefix, ".pid");
  e.log_path = absl::StrCat(prefix, ".log");
  if (e.socket_path.size() >= sizeof(sockaddr_un{}.sun_path)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the socket path ", e.socket_path, " is longer than a Unix socket ",
        "address allows (", sizeof(sockaddr_un{}.sun_path) - 1, " bytes)"));
  }
  return e;
}

absl::StatusOr<bool> PrepareDirectory(const Endpoint& endpoint) {
  const std::string& dir = endpoint.directory;
  const bool created = ::mkdir(dir.c_str(), 0700) == 0;
  if (!created && errno != EEXIST) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create ", dir, ": ", std::strerror(errno)));
  }
  // Someone else's directory (a squatter in /tmp) or one others may write
  // to would let them replace the socket: refuse rather than trust it.
  absl::Status checked = CheckEndpointDirectory(dir, true).status();
  if (!checked.ok()) {
    return absl::PermissionDeniedError(absl::StrCat(
        checked.message(),
        ": refusing it (remove it, or name a machine by a directory of yours)"));
  }
  return created;
}

absl::StatusOr<uid_t> CheckEndpointDirectory(const std::string& directory,
                                             bool must_be_mine) {
  struct stat st;
  if (::lstat(directory.c_str(), &st) != 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot check ", directory, ": ", std::strerror(errno)));
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::PermissionDeniedError(
        absl::StrCat(directory, " is not a directory"));
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        directory, " may be written by others (mode ",
        absl::StrFormat("%04o", st.st_mode & 07777),
        "): anyone could have put a socket there"));
  }
  if (must_be_mine && st.st_uid != ::geteuid()) {
    return absl::PermissionDeniedError(absl::StrCat(
        directory, " belongs to uid ", st.st_uid, ", not to this user (uid ",
        ::geteuid(), ")"));
  }
  return st.st_uid;
}

}  // namespace portres::sim::service
