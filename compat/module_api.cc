// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The simulated machine's system DLLs as GetProcAddress sees them, and the
// version it reports (docs §19, PF1-PF3). A program that feature-detects —
// resolves CreatePersistentTcpPortReservation at run time, or reads the
// build number — takes the path it would take on the profile's machine.

#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "iphlpapi.h"
#include "portres/sim/host.h"
#include "compat/compat_state.h"
#include "winsock2.h"

namespace {

using portres::compat::internal::CompatState;

// Windows has no wine_get_version; Wine 8.0 reports "8.0".
const char* WineGetVersion() { return "8.0"; }

// ntdll's RtlGetVersion: the true version, whatever the manifest.
constexpr LONG kStatusSuccess = 0;
constexpr LONG kStatusInvalidParameter = static_cast<LONG>(0xC000000D);

template <typename Info>
void FillVersion(const portres::sim::WindowsVersion& v, Info* info) {
  info->dwMajorVersion = v.major;
  info->dwMinorVersion = v.minor;
  info->dwBuildNumber = v.build;
  info->dwPlatformId = VER_PLATFORM_WIN32_NT;
  const std::string csd =
      v.service_pack == 0 ? ""
                          : "Service Pack " + std::to_string(v.service_pack);
  for (size_t i = 0; i < 128; ++i) {
    info->szCSDVersion[i] = i < csd.size() ? csd[i] : 0;
  }
}

template <typename Info, typename InfoEx>
bool FillVersionInfo(const portres::sim::WindowsVersion& v, Info* info) {
  const DWORD size = info->dwOSVersionInfoSize;
  if (size != sizeof(Info) && size != sizeof(InfoEx)) return false;
  FillVersion(v, info);
  if (size == sizeof(InfoEx)) {
    auto* ex = reinterpret_cast<InfoEx*>(info);
    ex->wServicePackMajor = v.service_pack;
    ex->wServicePackMinor = 0;
    ex->wSuiteMask = 0;
    ex->wProductType = v.server ? VER_NT_SERVER : VER_NT_WORKSTATION;
    ex->wReserved = 0;
  }
  return true;
}

LONG WINAPI RtlGetVersion(PRTL_OSVERSIONINFOW info) {
  if (info == nullptr) return kStatusInvalidParameter;
  return FillVersionInfo<OSVERSIONINFOW, OSVERSIONINFOEXW>(
             CompatState::Get().version(), info)
             ? kStatusSuccess
             : kStatusInvalidParameter;
}

// What an application without a manifest is told: GetVersionEx stops at
// Windows 8 (6.2.9200) on 8.1 and later (the GetVersionEx page).
portres::sim::WindowsVersion ManifestlessVersion() {
  portres::sim::WindowsVersion v = CompatState::Get().version();
  if (v.major > 6 || (v.major == 6 && v.minor >= 3)) {
    v.major = 6;
    v.minor = 2;
    v.build = 9200;
    v.service_pack = 0;
  }
  return v;
}

// One system DLL: its name and its exports on the simulated machine.
struct Module {
  absl::string_view name;
};
constexpr Module kModules[] = {{"kernel32"}, {"ntdll"}, {"ws2_32"},
                               {"iphlpapi"}};

// The module `path` names: "IPHLPAPI.DLL", "C:\\Windows\\System32\\ntdll",
// ... ; nullptr for any other.
const Module* FindModule(absl::string_view path) {
  const size_t slash = path.find_last_of("\\/");
  if (slash != absl::string_view::npos) path.remove_prefix(slash + 1);
  if (absl::EndsWithIgnoreCase(path, ".dll")) path.remove_suffix(4);
  for (const Module& m : kModules) {
    if (absl::EqualsIgnoreCase(path, m.name)) return &m;
  }
  return nullptr;
}

bool IsModule(HMODULE handle) {
  for (const Module& m : kModules) {
    if (handle == static_cast<HMODULE>(const_cast<Module*>(&m))) return true;
  }
  return false;
}

template <typename F>
FARPROC Export(F* function) {
  return reinterpret_cast<FARPROC>(reinterpret_cast<void*>(function));
}

FARPROC FindExport(const Module& module, absl::string_view name) {
  const portres::sim::Policy policy = CompatState::Get().policy();
  if (module.name == "iphlpapi") {
    if (policy.persistent_api == portres::sim::PersistentApi::kNotExported) {
      return nullptr;  // WN8, WN9
    }
    if (name == "CreatePersistentTcpPortReservation")
      return Export(CreatePersistentTcpPortReservation);
    if (name == "CreatePersistentUdpPortReservation")
      return Export(CreatePersistentUdpPortReservation);
    if (name == "DeletePersistentTcpPortReservation")
      return Export(DeletePersistentTcpPortReservation);
    if (name == "DeletePersistentUdpPortReservation")
      return Export(DeletePersistentUdpPortReservation);
    if (name == "LookupPersistentTcpPortReservation")
      return Export(LookupPersistentTcpPortReservation);
    if (name == "LookupPersistentUdpPortReservation")
      return Export(LookupPersistentUdpPortReservation);
  } else if (module.name == "ntdll") {
    if (name == "RtlGetVersion") return Export(RtlGetVersion);
    // Wine's own export, which programs use to recognise Wine (PF3).
    if (name == "wine_get_version" &&
        CompatState::Get().version().wine) {
      return Export(WineGetVersion);
    }
  } else if (module.name == "ws2_32") {
    if (name == "WSAStartup") return Export(WSAStartup);
    if (name == "WSACleanup") return Export(WSACleanup);
    if (name == "WSAGetLastError") return Export(WSAGetLastError);
    if (name == "WSAIoctl") return Export(WSAIoctl);
    if (name == "socket") return Export(socket);
    if (name == "bind") return Export(bind);
    if (name == "closesocket") return Export(closesocket);
  } else if (module.name == "kernel32") {
    if (name == "GetVersionExA") return Export(GetVersionExA);
    if (name == "GetVersionExW") return Export(GetVersionExW);
  }
  return nullptr;
}

std::string Narrow(LPCWSTR wide) {
  std::string out;
  for (; *wide != 0; ++wide) {
    out.push_back(*wide < 0x80 ? static_cast<char>(*wide) : '?');
  }
  return out;
}

HMODULE Load(LPCSTR name) {
  if (name == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  const Module* module = FindModule(name);
  if (module == nullptr) {
    SetLastError(ERROR_MOD_NOT_FOUND);
    return nullptr;
  }
  return static_cast<HMODULE>(const_cast<Module*>(module));
}

HMODULE LoadWide(LPCWSTR name) {
  if (name == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  return Load(Narrow(name).c_str());
}

}  // namespace

extern "C" {

HMODULE LoadLibraryA(LPCSTR name) { return Load(name); }
HMODULE LoadLibraryW(LPCWSTR name) { return LoadWide(name); }
HMODULE LoadLibraryExA(LPCSTR name, HANDLE, DWORD) { return Load(name); }
HMODULE LoadLibraryExW(LPCWSTR name, HANDLE, DWORD) { return LoadWide(name); }
HMODULE GetModuleHandleA(LPCSTR name) { return Load(name); }
HMODULE GetModuleHandleW(LPCWSTR name) { return LoadWide(name); }

BOOL FreeLibrary(HMODULE module) {
  if (!IsModule(module)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  return TRUE;
}

FARPROC GetProcAddress(HMODULE module, LPCSTR name) {
  if (!IsModule(module)) {
    SetLastError(ERROR_MOD_NOT_FOUND);
    return nullptr;
  }
  // A value below 0x10000 is an ordinal; no export is known by ordinal.
  FARPROC function =
      reinterpret_cast<uintptr_t>(name) < 0x10000
          ? nullptr
          : FindExport(*static_cast<const Module*>(module), name);
  if (function == nullptr) SetLastError(ERROR_PROC_NOT_FOUND);
  return function;
}

BOOL GetVersionExA(LPOSVERSIONINFOA info) {
  if (info == nullptr ||
      !FillVersionInfo<OSVERSIONINFOA, OSVERSIONINFOEXA>(ManifestlessVersion(),
                                                         info)) {
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return FALSE;
  }
  return TRUE;
}

BOOL GetVersionExW(LPOSVERSIONINFOW info) {
  if (info == nullptr ||
      !FillVersionInfo<OSVERSIONINFOW, OSVERSIONINFOEXW>(ManifestlessVersion(),
                                                         info)) {
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return FALSE;
  }
  return TRUE;
}

}  // extern "C"
