// Reading a network key file (host side). The plan names the file (security.key_file); the
// programs read it when they start, and --key-file overrides the plan's. The file holds the 32-byte
// key as 64 hexadecimal digits, surrounding whitespace allowed; make one with
//   head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > network.key && chmod 600 network.key
#ifndef EDGECUT_RUNTIME_KEY_FILE_HPP
#define EDGECUT_RUNTIME_KEY_FILE_HPP

#include <optional>
#include <string>

#include "edgecut/runtime/auth.hpp"

namespace edgecut::wire {

// The key in `path`; on failure nothing, and `error` says why, naming the file.
std::optional<NetworkKey> loadNetworkKey(const std::string& path, std::string& error);

}  // namespace edgecut::wire

#endif  // EDGECUT_RUNTIME_KEY_FILE_HPP
