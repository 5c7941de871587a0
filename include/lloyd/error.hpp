#pragma once
// lloyd::error — the one exception type lloyd throws for bad input.
// Every message starts with "lloyd: " and names the parameter, point (column) or coordinate (row).
#include <stdexcept>
#include <string>

namespace lloyd {

class error : public std::invalid_argument {
 public:
  explicit error(const std::string& what) : std::invalid_argument("lloyd: " + what) {}
};

}  // namespace lloyd
