// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Name resolution on the simulated machine (docs §22, DP29, DP41):
// getaddrinfo, GetAddrInfoW, getnameinfo, GetNameInfoW and gai_strerror for
// numeric addresses, `localhost` and the machine's own names (its host
// name, "" and "..localmachine"); gethostname and GetHostNameW. The
// simulation carries nothing off the machine, so it has no name service:
// any other name is not found.

#include <sys/utsname.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "compat/compat_state.h"
#include "compat/data_path.h"
#include "windows.h"
#include "winsock2.h"
#include "ws2tcpip.h"

namespace {

using portres::AddressFamily;
using portres::compat::internal::Endpoint;
using portres::compat::internal::Fail;
using portres::compat::internal::WinsockCall;
namespace internal = portres::compat::internal;

constexpr int kKnownFlags = AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST |
                            AI_NUMERICSERV | AI_ALL | AI_ADDRCONFIG |
                            AI_V4MAPPED;

// What a lookup found: the addresses, in Windows' order (IPv6 first, as its
// default prefix policy prefers ::1 to 127.0.0.1), and the port.
struct Lookup {
  int error = 0;
  std::vector<Endpoint> endpoints;
};

Endpoint Address(AddressFamily family, const void* bytes, size_t size,
                 uint16_t port) {
  Endpoint e{.family = family, .port = port};
  std::memcpy(e.address.data(), bytes, size);
  return e;
}

// The machine's host name: the name of the host it runs on, up to its
// first dot, as Windows' gethostname gives the name without its domain
// (DP41).
std::string MachineName() {
  utsname names;
  if (::uname(&names) != 0 || names.nodename[0] == '\0') return "localhost";
  const std::string name = names.nodename;
  return name.substr(0, name.find('.'));
}

// The machine's interface addresses (PortresSimAddLocalAddress; a shared
// machine has none, SV12).
std::vector<portres::IpAddress> InterfaceAddresses() {
  WinsockCall call;
  if (call.shared_machine()) return {};
  return internal::CompatState::Get().host().LocalAddresses();
}

// The addresses `node` names for `family` (AF_UNSPEC: both).
Lookup Resolve(const char* node, int flags, int family, uint16_t port) {
  const bool v4 = family != AF_INET6;
  const bool v6 = family != AF_INET;
  static constexpr uint8_t kLoopback4[4] = {127, 0, 0, 1};
  static constexpr uint8_t kLoopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                             0, 0, 0, 0, 0, 0, 0, 1};
  static constexpr uint8_t kAny[16] = {};
  Lookup found;
  if (node == nullptr) {
    // [GETADDRINFO]: with AI_PASSIVE the wildcard, for bind; else loopback.
    const bool passive = (flags & AI_PASSIVE) != 0;
    if (v6) {
      found.endpoints.push_back(Address(AddressFamily::kInet6,
                                        passive ? kAny : kLoopback6, 16, port));
    }
    if (v4) {
      found.endpoints.push_back(
          Address(AddressFamily::kInet, passive ? kAny : kLoopback4, 4, port));
    }
    return found;
  }
  uint8_t bytes[16];
  if (InetPtonA(AF_INET, node, bytes) == 1) {
    if (!v4) return {.error = EAI_NONAME};
    found.endpoints.push_back(Address(AddressFamily::kInet, bytes, 4, port));
    return found;
  }
  if (InetPtonA(AF_INET6, node, bytes) == 1) {
    if (!v6) return {.error = EAI_NONAME};
    found.endpoints.push_back(Address(AddressFamily::kInet6, bytes, 16, port));
    return found;
  }
  if ((flags & AI_NUMERICHOST) != 0) return {.error = EAI_NONAME};
  std::string name = absl::AsciiStrToLower(node);
  if (!name.empty() && name.back() == '.') name.pop_back();
  // The machine's own names: its registered addresses, IPv6 first; with no
  // interface address, its loopback addresses (DP41).
  const bool own = name.empty() || name == "..localmachine" ||
                   name == absl::AsciiStrToLower(MachineName());
  if (own) {
    for (const portres::IpAddress& address : InterfaceAddresses()) {
      if (address.family == AddressFamily::kInet6 && v6) {
        found.endpoints.push_back(Address(AddressFamily::kInet6,
                                          address.bytes.data(), 16, port));
      }
    }
    for (const portres::IpAddress& address : InterfaceAddresses()) {
      if (address.family == AddressFamily::kInet && v4) {
        found.endpoints.push_back(
            Address(AddressFamily::kInet, address.bytes.data(), 4, port));
      }
    }
    if (!found.endpoints.empty()) return found;
  } else if (name != "localhost") {
    return {.error = EAI_NONAME};  // no name service
  }
  if (v6) {
    found.endpoints.push_back(
        Address(AddressFamily::kInet6, kLoopback6, 16, port));
  }
  if (v4) {
    found.endpoints.push_back(
        Address(AddressFamily::kInet, kLoopback4, 4, port));
  }
  return found;
}

// The port `service` names: a decimal number (there is no services file).
int ParseService(const char* service, uint16_t* port) {
  *port = 0;
  if (service == nullptr) return 0;
  uint32_t value;
  if (!absl::SimpleAtoi(service, &value) || value > 65535 ||
      !absl::ascii_isdigit(static_cast<unsigned char>(service[0]))) {
    return EAI_SERVICE;
  }
  *port = static_cast<uint16_t>(value);
  return 0;
}

// The checks both getaddrinfo flavours make, in Windows' order, and the
// lookup. Returns the EAI code (0: found).
template <typename Hints>
int CheckAndResolve(const char* node, const char* service, const Hints* hints,
                    bool result_given, Lookup* found, int* socktype,
                    int* protocol, int* flags) {
  *flags = hints == nullptr ? 0 : hints->ai_flags;
  const int family = hints == nullptr ? AF_UNSPEC : hints->ai_family;
  *socktype = hints == nullptr ? 0 : hints->ai_socktype;
  *protocol = hints == nullptr ? 0 : hints->ai_protocol;
  if (!result_given) return WSA_INVALID_PARAMETER;
  if (node == nullptr && service == nullptr) return EAI_NONAME;
  if ((*flags & ~kKnownFlags) != 0) return EAI_BADFLAGS;
  if ((*flags & AI_CANONNAME) != 0 && node == nullptr) return EAI_BADFLAGS;
  if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) {
    return EAI_FAMILY;
  }
  if (*socktype != 0 && *socktype != SOCK_STREAM && *socktype != SOCK_DGRAM &&
      *socktype != SOCK_RAW) {
    return EAI_SOCKTYPE;
  }
  uint16_t port;
  if (int code = ParseService(service, &port)) return code;
  *found = Resolve(node, *flags, family, port);
  if (*protocol == 0) {
    if (*socktype == SOCK_STREAM) *protocol = IPPROTO_TCP;
    if (*socktype == SOCK_DGRAM) *protocol = IPPROTO_UDP;
  }
  return found->error;
}

// One result entry with room for its address after it, as one allocation
// (freeaddrinfo frees each entry and its canonical name).
template <typename Info>
Info* NewEntry(const Endpoint& endpoint, int flags, int socktype,
               int protocol) {
  const int length = internal::AddressLength(endpoint.family);
  auto* info = static_cast<Info*>(
      std::calloc(1, sizeof(Info) + static_cast<size_t>(length)));
  if (info == nullptr) return nullptr;
  info->ai_flags = flags;
  info->ai_family =
      endpoint.family == AddressFamily::kInet6 ? AF_INET6 : AF_INET;
  info->ai_socktype = socktype;
  info->ai_protocol = protocol;
  info->ai_addrlen = static_cast<size_t>(length);
  info->ai_addr = reinterpret_cast<sockaddr*>(info + 1);
  int size = length;
  (void)internal::WriteAddress(endpoint, info->ai_addr, &size);
  return info;
}

template <typename Info>
void FreeChain(Info* info) {
  while (info != nullptr) {
    Info* next = info->ai_next;
    std::free(info->ai_canonname);
    std::free(info);
    info = next;
  }
}

// Builds the result chain; the canonical name (AI_CANONNAME) goes in the
// first entry, as `make_name` spells it.
template <typename Info, typename MakeName>
int Build(const Lookup& found, int flags, int socktype, int protocol,
          MakeName make_name, Info** result) {
  Info* head = nullptr;
  Info** tail = &head;
  for (const Endpoint& endpoint : found.endpoints) {
    Info* entry = NewEntry<Info>(endpoint, flags, socktype, protocol);
    if (entry == nullptr) {
      FreeChain(head);
      return EAI_MEMORY;
    }
    *tail = entry;
    tail = &entry->ai_next;
  }
  if ((flags & AI_CANONNAME) != 0 && head != nullptr) {
    head->ai_canonname = make_name();
    if (head->ai_canonname == nullptr) {
      FreeChain(head);
      return EAI_MEMORY;
    }
  }
  *result = head;
  return 0;
}

// Windows code's wide text as ASCII; false if it has other characters.
bool Narrow(PCWSTR wide, std::string* out) {
  out->clear();
  for (; *wide != 0; ++wide) {
    if (*wide < 0 || *wide > 0x7f) return false;
    out->push_back(static_cast<char>(*wide));
  }
  return true;
}

int Finish(int code) {
  if (code != 0) WSASetLastError(code);
  return code;
}

// getnameinfo's work: numeric service, numeric or `localhost` host.
int NameOf(const sockaddr* address, socklen_t length, std::string* host,
           std::string* service, int flags) {
  if (address == nullptr) return WSAEFAULT;
  AddressFamily family;
  if (address->sa_family == AF_INET) {
    family = AddressFamily::kInet;
  } else if (address->sa_family == AF_INET6) {
    family = AddressFamily::kInet6;
  } else {
    return EAI_FAMILY;
  }
  Endpoint endpoint;
  if (internal::ReadAddress(address, length, family, &endpoint) != 0) {
    return WSAEFAULT;
  }
  if ((flags & ~(NI_NOFQDN | NI_NUMERICHOST | NI_NAMEREQD | NI_NUMERICSERV |
                 NI_DGRAM)) != 0) {
    return EAI_BADFLAGS;
  }
  *service = std::to_string(endpoint.port);
  const uint8_t* bytes = endpoint.address.data();
  const bool loopback =
      family == AddressFamily::kInet
          ? bytes[0] == 127
          : std::memcmp(bytes, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0;
  if ((flags & NI_NUMERICHOST) == 0 && loopback) {
    *host = "localhost";
    return 0;
  }
  // No name service: a name is required and none is known.
  if ((flags & NI_NAMEREQD) != 0) return EAI_NONAME;
  char text[INET6_ADDRSTRLEN];
  InetNtopA(address->sa_family, bytes, text, sizeof(text));
  *host = text;
  return 0;
}

// Copies `text` into a caller's buffer of `size` characters; false if it
// does not fit with its terminator.
template <typename Char>
bool CopyOut(const std::string& text, Char* buffer, DWORD size) {
  if (buffer == nullptr || size == 0) return true;  // not asked for
  if (text.size() + 1 > size) return false;
  for (size_t i = 0; i < text.size(); ++i)
    buffer[i] = static_cast<Char>(text[i]);
  buffer[text.size()] = 0;
  return true;
}

template <typename Char>
int GetNameInfoAs(const sockaddr* address, socklen_t length, Char* host,
                  DWORD host_size, Char* service, DWORD service_size,
                  int flags) {
  {
    WinsockCall call;
    if (!call.initialised()) return Finish(WSANOTINITIALISED);
  }
  const bool want_host = host != nullptr && host_size > 0;
  const bool want_service = service != nullptr && service_size > 0;
  if (!want_host && !want_service) return Finish(EAI_NONAME);
  std::string host_text, service_text;
  if (int code = NameOf(address, length, &host_text, &service_text, flags)) {
    return Finish(code);
  }
  if (!CopyOut(host_text, host, host_size) ||
      !CopyOut(service_text, service, service_size)) {
    return Finish(WSAEFAULT);
  }
  return 0;
}

}  // namespace

extern "C" {

INT portres_getaddrinfo(PCSTR pNodeName, PCSTR pServiceName,
                        const ADDRINFOA* pHints, PADDRINFOA* ppResult) {
  {
    WinsockCall call;
    if (!call.initialised()) return Finish(WSANOTINITIALISED);
  }
  Lookup found;
  int socktype, protocol, flags;
  if (int code =
          CheckAndResolve(pNodeName, pServiceName, pHints, ppResult != nullptr,
                          &found, &socktype, &protocol, &flags)) {
    return Finish(code);
  }
  return Finish(Build<ADDRINFOA>(
      found, flags, socktype, protocol, [&] { return strdup(pNodeName); },
      ppResult));
}

VOID portres_freeaddrinfo(PADDRINFOA pAddrInfo) { FreeChain(pAddrInfo); }

int portres_gethostname(char* name, int namelen) {
  {
    WinsockCall call;
    if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  }
  const std::string machine = MachineName();
  if (name == nullptr || namelen <= static_cast<int>(machine.size())) {
    return Fail(WSAEFAULT, SOCKET_ERROR);
  }
  std::memcpy(name, machine.c_str(), machine.size() + 1);
  return 0;
}

int GetHostNameW(PWSTR name, int namelen) {
  {
    WinsockCall call;
    if (!call.initialised()) return Fail(WSANOTINITIALISED, SOCKET_ERROR);
  }
  const std::string machine = MachineName();
  if (name == nullptr || namelen <= static_cast<int>(machine.size())) {
    return Fail(WSAEFAULT, SOCKET_ERROR);
  }
  for (size_t i = 0; i <= machine.size(); ++i) {
    name[i] = static_cast<WCHAR>(static_cast<unsigned char>(machine[i]));
  }
  return 0;
}

INT GetAddrInfoW(PCWSTR pNodeName, PCWSTR pServiceName, const ADDRINFOW* pHints,
                 PADDRINFOW* ppResult) {
  {
    WinsockCall call;
    if (!call.initialised()) return Finish(WSANOTINITIALISED);
  }
  std::string node, service;
  if (pNodeName != nullptr && !Narrow(pNodeName, &node)) {
    return Finish(EAI_NONAME);
  }
  if (pServiceName != nullptr && !Narrow(pServiceName, &service)) {
    return Finish(EAI_SERVICE);
  }
  Lookup found;
  int socktype, protocol, flags;
  if (int code = CheckAndResolve(
          pNodeName == nullptr ? nullptr : node.c_str(),
          pServiceName == nullptr ? nullptr : service.c_str(), pHints,
          ppResult != nullptr, &found, &socktype, &protocol, &flags)) {
    return Finish(code);
  }
  return Finish(Build<ADDRINFOW>(
      found, flags, socktype, protocol,
      [&] {
        const size_t n = std::wcslen(pNodeName) + 1;
        auto* copy = static_cast<PWSTR>(std::malloc(n * sizeof(WCHAR)));
        if (copy != nullptr) std::memcpy(copy, pNodeName, n * sizeof(WCHAR));
        return copy;
      },
      ppResult));
}

VOID FreeAddrInfoW(PADDRINFOW pAddrInfo) { FreeChain(pAddrInfo); }

INT portres_getnameinfo(const struct sockaddr* pSockaddr,
                        socklen_t SockaddrLength, PCHAR pNodeBuffer,
                        DWORD NodeBufferSize, PCHAR pServiceBuffer,
                        DWORD ServiceBufferSize, INT Flags) {
  return GetNameInfoAs(pSockaddr, SockaddrLength, pNodeBuffer, NodeBufferSize,
                       pServiceBuffer, ServiceBufferSize, Flags);
}

INT GetNameInfoW(const struct sockaddr* pSockaddr, socklen_t SockaddrLength,
                 PWCHAR pNodeBuffer, DWORD NodeBufferSize,
                 PWCHAR pServiceBuffer, DWORD ServiceBufferSize, INT Flags) {
  return GetNameInfoAs(pSockaddr, SockaddrLength, pNodeBuffer, NodeBufferSize,
                       pServiceBuffer, ServiceBufferSize, Flags);
}

// As the Windows SDK's inline gai_strerrorA: the system message, with its
// line break turned into a space, in a buffer of GAI_STRERROR_BUFFER_SIZE.
char* gai_strerrorA(int ecode) {
  thread_local char buffer[GAI_STRERROR_BUFFER_SIZE + 1];
  buffer[0] = '\0';
  FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS |
                     FORMAT_MESSAGE_MAX_WIDTH_MASK,
                 nullptr, static_cast<DWORD>(ecode),
                 MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buffer,
                 GAI_STRERROR_BUFFER_SIZE, nullptr);
  return buffer;
}

WCHAR* gai_strerrorW(int ecode) {
  thread_local WCHAR buffer[GAI_STRERROR_BUFFER_SIZE + 1];
  buffer[0] = 0;
  FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS |
                     FORMAT_MESSAGE_MAX_WIDTH_MASK,
                 nullptr, static_cast<DWORD>(ecode),
                 MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buffer,
                 GAI_STRERROR_BUFFER_SIZE, nullptr);
  return buffer;
}

}  // extern "C"
