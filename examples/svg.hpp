#pragma once
// A small SVG writer for lloyd's examples (header-only, tested in examples/test_examples.cpp).
//
//   svg::Document doc(400, 300);                     // width, height in px; viewBox 0 0 400 300
//   doc.add(svg::circle(10, 20, 3).attr("fill", svg::palette(0)));
//   doc.add(svg::text(5, 15, "a < b & c"));          // text and attribute values are escaped
//   doc.save("out.svg");                             // throws std::runtime_error if it cannot write
//
// Numbers are written in fixed notation with at most `precision` decimals (default 2), trailing
// zeros dropped, "-0" written as "0"; NaN or infinity throws, since no SVG viewer accepts them.
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace svg {

/// Text or attribute value with the five XML special characters escaped.
inline std::string escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// v in fixed notation with at most `precision` decimals: 1.5 → "1.5", 2.0 → "2", -0.001 → "0".
inline std::string num(double v, int precision = 2) {
  if (!std::isfinite(v)) throw std::invalid_argument("svg::num: the value is not finite");
  if (precision < 0 || precision > 12) throw std::invalid_argument("svg::num: precision must be in 0..12");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", precision, v);
  std::string s(buf);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

/// An element: tag, attributes in the order given, then either children or text.
class Element {
 public:
  explicit Element(std::string tag, int precision = 2) : tag_(std::move(tag)), precision_(precision) {}

  Element& attr(const std::string& name, const std::string& value) {
    attrs_.emplace_back(name, escape(value));
    return *this;
  }
  Element& attr(const std::string& name, const char* value) { return attr(name, std::string(value)); }
  Element& attr(const std::string& name, double value) {
    attrs_.emplace_back(name, num(value, precision_));
    return *this;
  }
  Element& attr(const std::string& name, int value) {
    attrs_.emplace_back(name, std::to_string(value));
    return *this;
  }
  /// Escaped text content (appended after the children).
  Element& text(const std::string& t) {
    text_ += escape(t);
    return *this;
  }
  Element& add(Element child) {
    children_.push_back(std::move(child));
    return *this;
  }
  const std::string& tag() const { return tag_; }
  std::size_t size() const { return children_.size(); }

  void write(std::string& out, int depth = 0) const {
    out.append(static_cast<std::size_t>(depth), ' ');
    out += '<';
    out += tag_;
    for (const auto& a : attrs_) {
      out += ' ';
      out += a.first;
      out += "=\"";
      out += a.second;
      out += '"';
    }
    if (children_.empty() && text_.empty()) {
      out += "/>\n";
      return;
    }
    out += '>';
    if (!children_.empty()) {
      out += '\n';
      for (const auto& c : children_) c.write(out, depth + 1);
      out.append(static_cast<std::size_t>(depth), ' ');
    }
    out += text_;
    out += "</";
    out += tag_;
    out += ">\n";
  }
  std::string str() const {
    std::string s;
    write(s);
    return s;
  }

 private:
  std::string tag_;
  int precision_;
  std::vector<std::pair<std::string, std::string>> attrs_;
  std::vector<Element> children_;
  std::string text_;
};

/// A whole SVG file: width × height px, viewBox 0 0 width height, white background.
class Document {
 public:
  Document(double width, double height, bool white_background = true) : root_("svg") {
    root_.attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("width", width)
        .attr("height", height)
        .attr("viewBox", "0 0 " + num(width) + " " + num(height))
        .attr("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif");
    if (white_background)
      root_.add(Element("rect").attr("width", width).attr("height", height).attr("fill", "#ffffff"));
  }
  Document& add(Element e) {
    root_.add(std::move(e));
    return *this;
  }
  Element& root() { return root_; }
  std::string str() const { return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root_.str(); }
  void save(const std::string& path) const {
    std::ofstream f(path, std::ios::binary);
    f << str();
    f.close();
    if (!f) throw std::runtime_error("cannot write " + path);
  }

 private:
  Element root_;
};

// ---- shapes -----------------------------------------------------------------------------------

inline Element circle(double cx, double cy, double r) {
  return Element("circle").attr("cx", cx).attr("cy", cy).attr("r", r);
}
inline Element line(double x1, double y1, double x2, double y2) {
  return Element("line").attr("x1", x1).attr("y1", y1).attr("x2", x2).attr("y2", y2);
}
inline Element rect(double x, double y, double w, double h) {
  return Element("rect").attr("x", x).attr("y", y).attr("width", w).attr("height", h);
}
inline Element text(double x, double y, const std::string& s) {
  return Element("text").attr("x", x).attr("y", y).text(s);
}
inline Element group() { return Element("g"); }

using Point = std::array<double, 2>;

/// "x1,y1 x2,y2 …" for the points attribute of polygon and polyline.
inline std::string points_attr(const std::vector<Point>& pts, int precision = 2) {
  std::string s;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (i) s += ' ';
    s += num(pts[i][0], precision) + "," + num(pts[i][1], precision);
  }
  return s;
}
inline Element polygon(const std::vector<Point>& pts) { return Element("polygon").attr("points", points_attr(pts)); }
inline Element polyline(const std::vector<Point>& pts) {
  return Element("polyline").attr("points", points_attr(pts)).attr("fill", "none");
}

// ---- colours ----------------------------------------------------------------------------------

/// "#rrggbb" from components in [0, 1].
inline std::string rgb(double r, double g, double b) {
  auto byte = [](double v) { return static_cast<int>(std::lround(std::min(1.0, std::max(0.0, v)) * 255)); };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(r), byte(g), byte(b));
  return buf;
}

/// "#rrggbb" from hue in degrees, saturation and lightness in [0, 1].
inline std::string hsl(double h, double s, double l) {
  h = std::fmod(std::fmod(h, 360.0) + 360.0, 360.0) / 60.0;
  const double c = (1 - std::fabs(2 * l - 1)) * s, x = c * (1 - std::fabs(std::fmod(h, 2.0) - 1)), m = l - c / 2;
  double r = 0, g = 0, b = 0;
  if (h < 1) r = c, g = x;
  else if (h < 2) r = x, g = c;
  else if (h < 3) g = c, b = x;
  else if (h < 4) g = x, b = c;
  else if (h < 5) r = x, b = c;
  else r = c, b = x;
  return rgb(r + m, g + m, b + m);
}

/// Colour of cluster i: ten well-separated colours (Tableau 10), then golden-angle hues.
inline std::string palette(int i) {
  static const char* ten[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                              "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  if (i >= 0 && i < 10) return ten[i];
  return hsl(137.508 * i, 0.6, 0.5);
}

// ---- data → pixels ------------------------------------------------------------------------------

/// Maps the data rectangle [x0, x1] × [y0, y1] onto the pixel box (px, py, pw, ph), y pointing up.
struct Viewport {
  double x0, x1, y0, y1;
  double px, py, pw, ph;
  double X(double x) const { return px + (x - x0) / (x1 - x0) * pw; }
  double Y(double y) const { return py + ph - (y - y0) / (y1 - y0) * ph; }
  Point operator()(const Point& p) const { return {X(p[0]), Y(p[1])}; }
};

}  // namespace svg
