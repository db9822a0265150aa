// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "compat/port_map.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "compat/data_path.h"

namespace portres::compat::internal {
namespace {

// `tcp.4.5000.7f000001`: what an entry's name starts with, before its pid.
std::string Key(Protocol protocol, const Endpoint& endpoint) {
  const size_t length = endpoint.family == AddressFamily::kInet ? 4 : 16;
  std::string address;
  for (size_t i = 0; i < length; ++i) {
    absl::StrAppend(&address, absl::Hex(endpoint.address[i], absl::kZeroPad2));
  }
  return absl::StrCat(protocol == Protocol::kTcp ? "tcp" : "udp", ".",
                      endpoint.family == AddressFamily::kInet ? 4 : 6, ".",
                      endpoint.port, ".", address);
}

// Removes the entry's file when the socket stops receiving.
class Announcement {
 public:
  explicit Announcement(std::string path) : path_(std::move(path)) {}
  ~Announcement() { ::unlink(path_.c_str()); }
  Announcement(const Announcement&) = delete;
  Announcement& operator=(const Announcement&) = delete;

 private:
  const std::string path_;
};

}  // namespace

PortMap::PortMap(std::string directory, pid_t self)
    : directory_(std::move(directory)), self_(self) {}

std::string PortMap::StreamPath(pid_t program) const {
  return absl::StrCat(directory_, "/", program, ".stream");
}

std::string PortMap::DatagramPath(pid_t program) const {
  return absl::StrCat(directory_, "/", program, ".datagram");
}

std::shared_ptr<void> PortMap::Announce(Protocol protocol,
                                        const Endpoint& local) {
  // The serial tells apart two sockets of this program sharing a port
  // (SO_REUSEADDR): each withdraws only its own entry.
  const std::string path = absl::StrCat(directory_, "/", Key(protocol, local),
                                        ".", self_, ".", serial_++);
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    static std::atomic<bool> said{false};
    if (!said.exchange(true)) {
      std::fprintf(stderr,
                   "portres compat: %s: %s (other programs of the shared "
                   "machine cannot reach this one)\n",
                   path.c_str(), std::strerror(errno));
    }
    return nullptr;
  }
  ::close(fd);
  return std::make_shared<Announcement>(path);
}

PortMap::Receivers PortMap::Find(Protocol protocol,
                                 const Endpoint& destination) const {
  const std::string exact = Key(protocol, destination) + ".";
  Endpoint any = destination;
  any.address = {};
  const std::string wildcard = Key(protocol, any) + ".";
  Receivers found;
  DIR* dir = ::opendir(directory_.c_str());
  if (dir == nullptr) return found;
  while (const dirent* entry = ::readdir(dir)) {
    const absl::string_view name = entry->d_name;
    const bool is_exact = absl::StartsWith(name, exact);
    if (!is_exact && !absl::StartsWith(name, wildcard)) continue;
    // <key>.<pid>.<serial>
    std::vector<absl::string_view> rest = absl::StrSplit(
        name.substr(is_exact ? exact.size() : wildcard.size()), '.');
    int pid = 0;
    if (rest.size() != 2 || !absl::SimpleAtoi(rest[0], &pid) || pid == self_) {
      continue;
    }
    std::vector<pid_t>& list = is_exact ? found.exact : found.wildcard;
    if (std::find(list.begin(), list.end(), pid) == list.end()) {
      list.push_back(pid);
    }
  }
  ::closedir(dir);
  return found;
}

void PortMap::Forget(pid_t program) const {
  ::unlink(StreamPath(program).c_str());
  ::unlink(DatagramPath(program).c_str());
  const std::string suffix_start = absl::StrCat(".", program, ".");
  DIR* dir = ::opendir(directory_.c_str());
  if (dir == nullptr) return;
  std::vector<std::string> gone;
  while (const dirent* entry = ::readdir(dir)) {
    const absl::string_view name = entry->d_name;
    // <key>.<pid>.<serial>: the pid is the second field from the end.
    const size_t last = name.rfind('.');
    if (last == absl::string_view::npos) continue;
    const size_t before = name.rfind('.', last - 1);
    if (before == absl::string_view::npos) continue;
    if (name.substr(before, last - before + 1) == suffix_start &&
        (absl::StartsWith(name, "tcp.") || absl::StartsWith(name, "udp."))) {
      gone.push_back(absl::StrCat(directory_, "/", name));
    }
  }
  ::closedir(dir);
  for (const std::string& path : gone) ::unlink(path.c_str());
}

}  // namespace portres::compat::internal
