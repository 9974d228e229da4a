// CSAF 2.0 documents (OASIS Common Security Advisory Framework, sections 3.2.2 product tree and
// 3.2.3 vulnerabilities) reduced to what matching needs, and the matching rules.
#include "model/advisory/advisory.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "model/detection/baseline.h"

namespace otscope::advisory {
namespace {

using nlohmann::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t time_of(const json& j, const char* key) {
  std::string t = text_of(j, key);
  if (t.empty()) return 0;
  // CSAF dates carry a fraction of any length and "Z" or "+00:00"; keep seconds precision.
  if (t.size() >= 19) {
    if (auto us = detection::parse_iso8601_us(t.substr(0, 19) + "Z")) return *us;
  }
  return 0;
}

// Siemens-style order numbers ("6ES7315-2EH14-0AB0", "6AG1 315-2EH14-7AB0", wildcards "X") in
// product names; CSAF's product_identification_helper carries the others.
const std::regex& order_in_name() {
  static const std::regex re(
      R"(\b[0-9][A-Za-z]{2}[0-9xX] ?[0-9xX]{3}-[0-9A-Za-z]{5}-[0-9A-Za-z]{4}\b)");
  return re;
}

const std::regex& parenthesised() {
  static const std::regex re(R"(\([^)]*\))");
  return re;
}

struct Walk {
  std::string vendor;
  std::string family;
  std::string name;
  std::string version_category;
  std::string version;
};

void add_product(Advisory& a, const json& product, const Walk& w) {
  Product p;
  p.id = text_of(product, "product_id");
  if (p.id.empty()) return;
  p.vendor = w.vendor;
  p.name = !w.name.empty() ? w.name : text_of(product, "name");
  if (!w.family.empty() && lower(p.name).find(lower(w.family)) == std::string::npos)
    p.name = w.family + " " + p.name;
  p.version_category = w.version_category;
  p.version = w.version;
  std::set<std::string> seen;
  auto add_order = [&](const std::string& o) {
    if (!o.empty() && seen.insert(normalise_order_number(o)).second) p.order_numbers.push_back(o);
  };
  if (auto h = product.find("product_identification_helper");
      h != product.end() && h->is_object()) {
    for (const char* key : {"model_numbers", "skus"}) {
      if (auto m = h->find(key); m != h->end() && m->is_array())
        for (const json& v : *m)
          if (v.is_string()) add_order(v.get<std::string>());
    }
  }
  const std::string& full = p.name;
  for (auto it = std::sregex_iterator(full.begin(), full.end(), order_in_name());
       it != std::sregex_iterator(); ++it)
    add_order(it->str());
  a.products.push_back(std::move(p));
}

void walk_branches(Advisory& a, const json& branches, Walk w, int depth) {
  if (!branches.is_array() || depth > 32) return;
  for (const json& b : branches) {
    if (!b.is_object()) continue;
    Walk here = w;
    const std::string category = text_of(b, "category");
    const std::string name = text_of(b, "name");
    if (category == "vendor") {
      here.vendor = name;
    } else if (category == "product_family") {
      here.family = here.family.empty() ? name : here.family + " " + name;
    } else if (category == "product_name") {
      here.name = name;
    } else if (category == "product_version" || category == "product_version_range") {
      here.version_category = category;
      here.version = name;
    }
    if (auto p = b.find("product"); p != b.end() && p->is_object()) add_product(a, *p, here);
    if (auto sub = b.find("branches"); sub != b.end()) walk_branches(a, *sub, here, depth + 1);
  }
}

std::vector<std::string> id_list(const json& j, const char* key) {
  std::vector<std::string> out;
  if (auto it = j.find(key); it != j.end() && it->is_array())
    for (const json& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// Product ids of a remediation or score: its product_ids plus its groups' members.
std::vector<std::string> resolve_ids(
    const json& j, const std::map<std::string, std::vector<std::string>>& groups) {
  std::vector<std::string> out = id_list(j, "product_ids");
  for (const std::string& g : id_list(j, "group_ids"))
    if (auto it = groups.find(g); it != groups.end())
      out.insert(out.end(), it->second.begin(), it->second.end());
  return out;
}

// ---- versions ----

// A component written "x" ("V3.X.16": Siemens's notation for every minor line): it stands for
// the device's own component when compared.
constexpr long kAnyComponent = -2;

// The numbers of a version in order: "V4.7 SP10 HF5" -> 4 7 10 5, "V3.X.16" -> 3 x 16; empty
// when it has none.
std::vector<long> version_numbers(std::string_view v) {
  std::vector<long> out;
  long cur = -1;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      cur = (cur < 0 ? 0 : cur) * 10 + (c - '0');
      if (cur > 1'000'000'000) cur = 1'000'000'000;
      continue;
    }
    if (cur >= 0) {
      out.push_back(cur);
      cur = -1;
    }
    // "x" between dots (or at the end after one) is a wildcard component.
    if ((c == 'x' || c == 'X') && i > 0 && v[i - 1] == '.' &&
        (i + 1 == v.size() || v[i + 1] == '.'))
      out.push_back(kAnyComponent);
  }
  if (cur >= 0) out.push_back(cur);
  return out;
}

// <0, 0, >0 as `a` (a device's version) is below, at or above `b` (a listed one); missing
// components count as 0, wildcards in `b` as `a`'s own.
int compare_numbers(const std::vector<long>& a, const std::vector<long>& b) {
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const long x = i < a.size() ? a[i] : 0;
    long y = i < b.size() ? b[i] : 0;
    if (y == kAnyComponent) y = x;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

enum class Op : std::uint8_t { Lt, Le, Gt, Ge, Eq, Ne };

struct Constraint {
  Op op;
  std::vector<long> version;
};

bool holds(const Constraint& c, const std::vector<long>& v) {
  const int r = compare_numbers(v, c.version);
  switch (c.op) {
    case Op::Lt:
      return r < 0;
    case Op::Le:
      return r <= 0;
    case Op::Gt:
      return r > 0;
    case Op::Ge:
      return r >= 0;
    case Op::Eq:
      return r == 0;
    case Op::Ne:
      return r != 0;
  }
  return false;
}

std::optional<Op> op_of(std::string_view s) {
  if (s == "<") return Op::Lt;
  if (s == "<=") return Op::Le;
  if (s == ">") return Op::Gt;
  if (s == ">=") return Op::Ge;
  if (s == "=" || s == "==") return Op::Eq;
  if (s == "!=") return Op::Ne;
  return std::nullopt;
}

// vers (package-url/vers): constraints joined by '|', sorted; "=" and "!=" stand alone, the
// others pair up into intervals (a lower bound with the next upper bound).
std::optional<bool> in_vers(std::string_view constraints, const std::vector<long>& v) {
  std::vector<Constraint> bounds;
  bool any_eq = false;
  std::size_t start = 0;
  while (start <= constraints.size()) {
    std::size_t bar = constraints.find('|', start);
    if (bar == std::string_view::npos) bar = constraints.size();
    std::string part(constraints.substr(start, bar - start));
    start = bar + 1;
    part.erase(std::remove(part.begin(), part.end(), ' '), part.end());
    if (part.empty()) continue;
    if (part == "*") return true;
    std::size_t k = 0;
    while (k < part.size() &&
           (part[k] == '<' || part[k] == '>' || part[k] == '=' || part[k] == '!'))
      ++k;
    const std::optional<Op> op = k == 0 ? std::optional<Op>(Op::Eq) : op_of(part.substr(0, k));
    std::vector<long> ver = version_numbers(part.substr(k));
    if (!op || ver.empty()) return std::nullopt;
    if (*op == Op::Ne) {
      if (compare_numbers(v, ver) == 0) return false;
      continue;
    }
    if (*op == Op::Eq) {
      any_eq = true;
      if (compare_numbers(v, ver) == 0) return true;
      continue;
    }
    bounds.push_back({*op, std::move(ver)});
  }
  if (bounds.empty()) return any_eq ? std::optional<bool>(false) : std::nullopt;
  std::stable_sort(bounds.begin(), bounds.end(), [](const Constraint& a, const Constraint& b) {
    return compare_numbers(a.version, b.version) < 0;
  });
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    const Constraint& c = bounds[i];
    const bool lower = c.op == Op::Gt || c.op == Op::Ge;
    if (lower) {
      const bool paired =
          i + 1 < bounds.size() && (bounds[i + 1].op == Op::Lt || bounds[i + 1].op == Op::Le);
      if (holds(c, v) && (!paired || holds(bounds[i + 1], v))) return true;
      if (paired) ++i;
    } else if (holds(c, v)) {
      // An upper bound without a lower one before it: everything below.
      return true;
    }
  }
  return false;
}

// Free-text ranges as advisories write them: "All versions < V4.6 Patch 01", ">= V2.0 < V2.5",
// "V2.0 and prior", "prior to V5", "V3.0 through V3.4", "All versions".
std::optional<bool> in_text_range(std::string_view range, const std::vector<long>& v) {
  std::string r = lower(range);
  // Parenthesised remarks ("(incl. SIPLUS variants)") are not part of the range.
  r = std::regex_replace(r, parenthesised(), " ");
  static const std::regex all(R"(^\s*(all( versions?)?|\*|any( version)?)\s*$)");
  if (std::regex_match(r, all)) return true;
  static const std::regex ver(
      R"(v?\s*([0-9](\.?[0-9]|\.x\b)*\.?(\s*(sp|hf|patch|update|upd|build|r)\s*[0-9]+)*))");
  std::vector<Constraint> cs;
  auto version_at = [&](std::size_t pos) -> std::vector<long> {
    std::smatch m;
    const std::string rest = r.substr(pos);
    if (std::regex_search(rest, m, ver) && m.position(0) <= 2) return version_numbers(m[1].str());
    return {};
  };
  static const std::regex cmp(R"((<=|>=|<|>|=))");
  for (auto it = std::sregex_iterator(r.begin(), r.end(), cmp); it != std::sregex_iterator();
       ++it) {
    std::vector<long> nv = version_at(static_cast<std::size_t>(it->position(0) + it->length(0)));
    if (nv.empty()) return std::nullopt;
    cs.push_back({*op_of(it->str()), std::move(nv)});
  }
  if (cs.empty()) {
    struct Phrase {
      std::regex re;
      Op op;
      bool version_before;
    };
    static const Phrase phrases[] = {
        {std::regex(R"((prior to|before|earlier than|older than|below)\s+)"), Op::Lt, false},
        {std::regex(R"((up to and including|up to|until)\s+)"), Op::Le, false},
        {std::regex(R"(\s+(and|or) (prior|earlier|older|before|below))"), Op::Le, true},
        {std::regex(R"(\s+(and|or) (later|newer|above|higher))"), Op::Ge, true},
        {std::regex(R"((starting with|from|since)\s+)"), Op::Ge, false},
    };
    for (const Phrase& p : phrases) {
      std::smatch m;
      if (!std::regex_search(r, m, p.re)) continue;
      std::vector<long> nv;
      if (p.version_before) {
        // The last version before the phrase.
        std::string head = r.substr(0, static_cast<std::size_t>(m.position(0)));
        std::smatch vm;
        std::string last;
        for (auto vi = std::sregex_iterator(head.begin(), head.end(), ver);
             vi != std::sregex_iterator(); ++vi)
          last = (*vi)[1].str();
        nv = version_numbers(last);
      } else {
        nv = version_at(static_cast<std::size_t>(m.position(0) + m.length(0)));
      }
      if (nv.empty()) return std::nullopt;
      cs.push_back({p.op, std::move(nv)});
    }
    std::smatch m;
    static const std::regex span(R"(v?([0-9][0-9.x]*)\s*(through|to|-|until)\s*v?([0-9][0-9.x]*))");
    if (cs.empty() && std::regex_search(r, m, span)) {
      cs.push_back({Op::Ge, version_numbers(m[1].str())});
      cs.push_back({Op::Le, version_numbers(m[3].str())});
    }
  }
  if (cs.empty()) {
    // A bare version ("V2.1"): that version only.
    std::smatch m;
    if (std::regex_search(r, m, ver)) {
      std::string rest = std::regex_replace(r, ver, "", std::regex_constants::format_first_only);
      if (std::all_of(rest.begin(), rest.end(),
                      [](char c) { return std::isspace(static_cast<unsigned char>(c)); }))
        return compare_numbers(v, version_numbers(m[1].str())) == 0;
    }
    return std::nullopt;
  }
  return std::all_of(cs.begin(), cs.end(), [&](const Constraint& c) { return holds(c, v); });
}

// ---- names ----

// `needle` occurs in `hay` with no letter or digit right before or after it.
bool contains_word(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return false;
  for (std::size_t at = hay.find(needle); at != std::string_view::npos;
       at = hay.find(needle, at + 1)) {
    const bool left = at == 0 || !is_alnum(hay[at - 1]);
    const std::size_t end = at + needle.size();
    const bool right = end >= hay.size() || !is_alnum(hay[end]);
    if (left && right) return true;
  }
  return false;
}

std::string clean_name(std::string_view name) {
  std::string s = lower(name);
  s = std::regex_replace(s, parenthesised(), " ");
  std::string out;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';' || c == ':') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// What is left of a product name once the brand words and the family are taken out.
bool names_whole_family(const std::string& name, const std::string& family) {
  std::string rest = " " + name + " ";
  const std::size_t at = rest.find(family);
  if (at != std::string::npos) rest.erase(at, family.size());
  for (const char* w : {"family", "families", "cpus", "all", "series", "controllers"})
    if (contains_word(rest, w)) return true;
  static const std::set<std::string> filler{
      "simatic", "siemens", "cpu", "plc", "and", "incl.", "the", "v", "modicon", "allen-bradley"};
  std::string word;
  bool other = false;
  for (char c : rest + " ") {
    if (c == ' ') {
      if (!word.empty() && !filler.count(word)) other = true;
      word.clear();
    } else {
      word += c;
    }
  }
  return !other;
}

struct ProductMatch {
  bool by_order = false;
  std::string how;
};

std::optional<ProductMatch> match_product(const Product& p, const DeviceIdentity& d,
                                          const std::string& device_order) {
  if (!device_order.empty() && !p.order_numbers.empty()) {
    for (const std::string& o : p.order_numbers)
      if (order_number_matches(normalise_order_number(o), device_order))
        return ProductMatch{true, "order number " + o + " listed"};
    return std::nullopt;  // the advisory names its order numbers and this is not one of them
  }
  const std::string name = clean_name(p.name);
  // SIPLUS products are separate order numbers (6AG1...): do not judge a standard device by them.
  if (name.rfind("siplus", 0) == 0 && device_order.rfind("6AG", 0) != 0) return std::nullopt;
  const std::string model = clean_name(d.model), type = clean_name(d.module_type),
                    product = clean_name(d.product);
  if (!model.empty() && contains_word(name, model)) {
    if (!type.empty() && contains_word(name, type))
      return ProductMatch{false, "product " + p.name + " names " + d.model + " " + d.module_type};
    if (names_whole_family(name, model))
      return ProductMatch{false, "product family " + p.name + " includes " + d.model};
  }
  if (product.size() >= 4 && contains_word(name, product))
    return ProductMatch{false, "product " + p.name + " names " + d.product};
  if (model.empty() && !type.empty() && type.size() >= 6 && contains_word(name, type))
    return ProductMatch{false, "product " + p.name + " names " + d.module_type};
  return std::nullopt;
}

int remediation_rank(const std::string& category) {
  if (category == "vendor_fix") return 0;
  if (category == "workaround") return 1;
  if (category == "mitigation") return 2;
  return 3;
}

}  // namespace

double Advisory::max_cvss() const {
  double m = -1;
  for (const Vulnerability& v : vulnerabilities) m = std::max(m, v.cvss);
  return m;
}

std::vector<std::string> Advisory::vendor_keys() const {
  std::set<std::string> keys;
  for (const Product& p : products)
    if (!p.vendor.empty()) keys.insert(vendor_key(p.vendor));
  return {keys.begin(), keys.end()};
}

Advisory parse_csaf(std::string_view json_text) {
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) throw CsafError("not JSON");
  if (!doc.is_object()) throw CsafError("not a CSAF document: the top level is not an object");
  auto d = doc.find("document");
  if (d == doc.end() || !d->is_object()) throw CsafError("not a CSAF document: no 'document'");
  const std::string csaf_version = text_of(*d, "csaf_version");
  if (csaf_version != "2.0")
    throw CsafError("not CSAF 2.0: csaf_version is '" + csaf_version + "'");
  auto t = d->find("tracking");
  if (t == d->end() || !t->is_object()) throw CsafError("no document.tracking");
  Advisory a;
  a.tracking_id = text_of(*t, "id");
  a.version = text_of(*t, "version");
  if (a.tracking_id.empty()) throw CsafError("no document.tracking.id");
  if (a.version.empty()) throw CsafError("no document.tracking.version");
  a.title = text_of(*d, "title");
  if (auto p = d->find("publisher"); p != d->end() && p->is_object())
    a.publisher = text_of(*p, "name");
  a.initial_release_us = time_of(*t, "initial_release_date");
  a.current_release_us = time_of(*t, "current_release_date");
  if (auto refs = d->find("references"); refs != d->end() && refs->is_array()) {
    // The page people read ("Web Version") before the JSON document itself.
    for (const json& r : *refs) {
      const std::string url = r.is_object() ? text_of(r, "url") : "";
      if (text_of(r, "category") != "self" || url.empty()) continue;
      const bool document = url.size() > 5 && url.compare(url.size() - 5, 5, ".json") == 0;
      if (a.url.empty() || !document) a.url = url;
      if (!document) break;
    }
    if (a.url.empty())
      for (const json& r : *refs)
        if (r.is_object() && !text_of(r, "url").empty()) {
          a.url = text_of(r, "url");
          break;
        }
  }
  auto tree = doc.find("product_tree");
  if (tree == doc.end() || !tree->is_object()) throw CsafError("no product_tree");
  if (auto b = tree->find("branches"); b != tree->end()) walk_branches(a, *b, {}, 0);
  if (auto f = tree->find("full_product_names"); f != tree->end() && f->is_array())
    for (const json& p : *f)
      if (p.is_object()) add_product(a, p, {});
  std::map<std::string, std::vector<std::string>> groups;
  if (auto g = tree->find("product_groups"); g != tree->end() && g->is_array())
    for (const json& grp : *g)
      if (grp.is_object()) groups[text_of(grp, "group_id")] = id_list(grp, "product_ids");
  if (auto rel = tree->find("relationships"); rel != tree->end() && rel->is_array())
    for (const json& r : *rel)
      if (r.is_object())
        if (auto f = r.find("full_product_name"); f != r.end() && f->is_object()) {
          // "X installed on Y": judged as X, the product it names first.
          Walk w;
          const std::string ref = text_of(r, "product_reference");
          for (const Product& p : a.products)
            if (p.id == ref) {
              w = {p.vendor, "", p.name, p.version_category, p.version};
              break;
            }
          add_product(a, *f, w);
        }
  if (a.products.empty()) throw CsafError("the product tree names no product");
  std::set<std::string> known;
  for (const Product& p : a.products) known.insert(p.id);

  if (auto vs = doc.find("vulnerabilities"); vs != doc.end() && vs->is_array()) {
    for (const json& vj : *vs) {
      if (!vj.is_object()) continue;
      Vulnerability v;
      v.cve = text_of(vj, "cve");
      v.title = text_of(vj, "title");
      if (auto ps = vj.find("product_status"); ps != vj.end() && ps->is_object()) {
        const std::pair<const char*, Status> kinds[] = {
            {"known_affected", Status::Affected},
            {"first_affected", Status::Affected},
            {"last_affected", Status::Affected},
            {"under_investigation", Status::UnderInvestigation},
            {"known_not_affected", Status::NotAffected},
            {"fixed", Status::Fixed},
            {"first_fixed", Status::Fixed}};
        for (const auto& [key, status] : kinds)
          for (const std::string& id : id_list(*ps, key)) {
            if (!known.count(id))
              throw CsafError("vulnerability " + (v.cve.empty() ? v.title : v.cve) +
                              " names product '" + id + "' that the product tree lacks");
            v.products.emplace(id, status);
          }
      }
      if (auto scores = vj.find("scores"); scores != vj.end() && scores->is_array()) {
        double v2 = -1;
        std::string v2_vector;
        for (const json& s : *scores) {
          if (!s.is_object()) continue;
          if (auto c = s.find("cvss_v3"); c != s.end() && c->is_object()) {
            if (auto b = c->find("baseScore");
                b != c->end() && b->is_number() && b->get<double>() > v.cvss) {
              v.cvss = b->get<double>();
              v.cvss_vector = text_of(*c, "vectorString");
            }
          } else if (auto c2 = s.find("cvss_v2"); c2 != s.end() && c2->is_object()) {
            if (auto b = c2->find("baseScore");
                b != c2->end() && b->is_number() && b->get<double>() > v2) {
              v2 = b->get<double>();
              v2_vector = text_of(*c2, "vectorString");
            }
          }
        }
        if (v.cvss < 0 && v2 >= 0) {
          v.cvss = v2;
          v.cvss_vector = v2_vector;
        }
      }
      if (auto rs = vj.find("remediations"); rs != vj.end() && rs->is_array())
        for (const json& r : *rs) {
          if (!r.is_object()) continue;
          v.remediations.push_back({text_of(r, "category"), text_of(r, "details"),
                                    text_of(r, "url"), resolve_ids(r, groups)});
        }
      a.vulnerabilities.push_back(std::move(v));
    }
  }
  return a;
}

std::string to_json(const Advisory& a) {
  json products = json::array();
  for (const Product& p : a.products)
    products.push_back({{"id", p.id},
                        {"vendor", p.vendor},
                        {"name", p.name},
                        {"version_category", p.version_category},
                        {"version", p.version},
                        {"order_numbers", p.order_numbers}});
  json vulns = json::array();
  for (const Vulnerability& v : a.vulnerabilities) {
    json status = json::object();
    for (const auto& [id, s] : v.products) status[id] = static_cast<int>(s);
    json rem = json::array();
    for (const Remediation& r : v.remediations)
      rem.push_back({{"category", r.category},
                     {"details", r.details},
                     {"url", r.url},
                     {"products", r.product_ids}});
    vulns.push_back({{"cve", v.cve},
                     {"title", v.title},
                     {"cvss", v.cvss},
                     {"vector", v.cvss_vector},
                     {"products", status},
                     {"remediations", rem}});
  }
  return json{{"id", a.tracking_id},
              {"version", a.version},
              {"title", a.title},
              {"publisher", a.publisher},
              {"initial", a.initial_release_us},
              {"current", a.current_release_us},
              {"url", a.url},
              {"products", products},
              {"vulnerabilities", vulns}}
      .dump();
}

Advisory from_json(std::string_view json_text) {
  const json j = json::parse(json_text);
  Advisory a;
  a.tracking_id = j.at("id").get<std::string>();
  a.version = j.at("version").get<std::string>();
  a.title = j.at("title").get<std::string>();
  a.publisher = j.at("publisher").get<std::string>();
  a.initial_release_us = j.at("initial").get<std::int64_t>();
  a.current_release_us = j.at("current").get<std::int64_t>();
  a.url = j.at("url").get<std::string>();
  for (const json& p : j.at("products"))
    a.products.push_back({p.at("id").get<std::string>(), p.at("vendor").get<std::string>(),
                          p.at("name").get<std::string>(),
                          p.at("version_category").get<std::string>(),
                          p.at("version").get<std::string>(),
                          p.at("order_numbers").get<std::vector<std::string>>()});
  for (const json& vj : j.at("vulnerabilities")) {
    Vulnerability v;
    v.cve = vj.at("cve").get<std::string>();
    v.title = vj.at("title").get<std::string>();
    v.cvss = vj.at("cvss").get<double>();
    v.cvss_vector = vj.at("vector").get<std::string>();
    for (const auto& [id, s] : vj.at("products").items())
      v.products.emplace(id, static_cast<Status>(s.get<int>()));
    for (const json& r : vj.at("remediations"))
      v.remediations.push_back({r.at("category").get<std::string>(),
                                r.at("details").get<std::string>(), r.at("url").get<std::string>(),
                                r.at("products").get<std::vector<std::string>>()});
    a.vulnerabilities.push_back(std::move(v));
  }
  return a;
}

int compare_tracking_versions(std::string_view a, std::string_view b) {
  return compare_numbers(version_numbers(a), version_numbers(b));
}

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Affected:
      return "affected";
    case Verdict::PossiblyAffected:
      return "possibly_affected";
    case Verdict::NotAffected:
      return "not_affected";
  }
  return "not_affected";
}

std::string vendor_key(std::string_view vendor) {
  std::string s;
  for (char c : lower(vendor)) s += is_alnum(c) ? c : ' ';
  std::string padded = " " + s + " ";
  static const std::pair<const char*, const char*> aliases[] = {
      {" siemens ", "siemens"},
      {" schneider ", "schneider electric"},
      {" telemecanique ", "schneider electric"},
      {" modicon ", "schneider electric"},
      {" square d ", "schneider electric"},
      {" rockwell ", "rockwell automation"},
      {" allen bradley ", "rockwell automation"},
      {" general electric ", "ge"},
      {" ge ", "ge"},
      {" schweitzer ", "schweitzer engineering laboratories"},
      {" sel ", "schweitzer engineering laboratories"},
      {" mitsubishi ", "mitsubishi electric"},
      {" omron ", "omron"},
      {" moxa ", "moxa"},
      {" abb ", "abb"},
      {" hitachi energy ", "hitachi energy"},
      {" honeywell ", "honeywell"},
      {" emerson ", "emerson"},
      {" phoenix contact ", "phoenix contact"},
      {" wago ", "wago"},
      {" beckhoff ", "beckhoff"},
      {" yokogawa ", "yokogawa"},
      {" codesys ", "codesys"},
      {" 3s smart ", "codesys"},
      {" advantech ", "advantech"},
      {" delta electronics ", "delta electronics"},
  };
  for (const auto& [needle, key] : aliases)
    if (padded.find(needle) != std::string::npos) return key;
  // Unknown vendors: the words without legal forms.
  static const std::set<std::string> legal{"ag",  "inc",  "gmbh",        "co",      "kg",  "ltd",
                                           "llc", "corp", "corporation", "sa",      "se",  "plc",
                                           "bv",  "oy",   "company",     "limited", "srl", "spa"};
  std::string out, word;
  for (char c : s + " ") {
    if (c == ' ') {
      if (!word.empty() && !legal.count(word)) out += (out.empty() ? "" : " ") + word;
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

std::string normalise_order_number(std::string_view order) {
  std::string out;
  for (char c : order) {
    if (c == ' ' || c == '-' || c == '.' || c == '\t') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

bool order_number_matches(std::string_view listed, std::string_view device) {
  std::size_t i = 0;
  for (; i < listed.size(); ++i) {
    if (listed[i] == '*') return true;  // any rest
    if (i >= device.size()) return false;
    if (listed[i] == 'X' || listed[i] == '?') continue;
    if (listed[i] != device[i]) return false;
  }
  return i == device.size();
}

VersionMatch match_version(std::string_view category, std::string_view range,
                           std::string_view version) {
  const std::vector<long> v = version_numbers(version);
  const std::string r = lower(range);
  if (r.empty()) return v.empty() ? VersionMatch::Unknown : VersionMatch::Inside;
  std::optional<bool> inside;
  if (r.rfind("vers:", 0) == 0) {
    const std::size_t slash = r.find('/');
    if (slash == std::string::npos) return VersionMatch::Unknown;
    const std::string constraints = r.substr(slash + 1);
    if (constraints == "*") return VersionMatch::Inside;
    if (v.empty()) return VersionMatch::Unknown;
    inside = in_vers(constraints, v);
  } else {
    if (in_text_range(r, {0}) == true && in_text_range(r, {999999}) == true)
      return VersionMatch::Inside;  // every version
    if (v.empty()) return VersionMatch::Unknown;
    if (category == "product_version" && version_numbers(r).size() > 0 &&
        r.find_first_of("<>=") == std::string::npos && r.find("all") == std::string::npos)
      inside = compare_numbers(v, version_numbers(r)) == 0;
    else
      inside = in_text_range(r, v);
  }
  if (!inside) return VersionMatch::Unknown;
  return *inside ? VersionMatch::Inside : VersionMatch::Outside;
}

std::optional<Finding> judge(const Advisory& a, const DeviceIdentity& d) {
  const std::string dev_vendor = vendor_key(d.vendor);
  if (dev_vendor.empty() || d.empty()) return std::nullopt;
  const std::string device_order = normalise_order_number(d.order_number);

  struct Candidate {
    const Product* product;
    ProductMatch how;
  };
  std::vector<Candidate> candidates;
  bool any_by_order = false;
  for (const Product& p : a.products) {
    if (vendor_key(p.vendor) != dev_vendor) continue;
    if (auto m = match_product(p, d, device_order)) {
      any_by_order = any_by_order || m->by_order;
      candidates.push_back({&p, std::move(*m)});
    }
  }
  std::optional<Finding> best;
  auto better = [](const Finding& x, const Finding& y) {
    if (x.verdict != y.verdict) return x.verdict > y.verdict;
    return x.cvss > y.cvss;
  };
  for (const Candidate& c : candidates) {
    // An advisory that lists this device's order number is judged by that listing alone.
    if (any_by_order && !c.how.by_order) continue;
    const Product& p = *c.product;
    std::optional<Status> status;
    Finding f;
    std::set<std::string> cves;
    for (const Vulnerability& v : a.vulnerabilities) {
      auto it = v.products.find(p.id);
      if (it == v.products.end()) continue;
      if (!status || it->second == Status::Affected ||
          (it->second == Status::UnderInvestigation && *status != Status::Affected))
        status = it->second;
      if (!v.cve.empty()) cves.insert(v.cve);
      if (v.cvss > f.cvss) {
        f.cvss = v.cvss;
        f.cvss_vector = v.cvss_vector;
      }
    }
    if (!status) continue;  // named in the tree, concerned by no vulnerability
    f.product_id = p.id;
    f.product_name = (p.vendor.empty() ? "" : p.vendor + " ") + p.name;
    f.version_range = p.version;
    f.cves.assign(cves.begin(), cves.end());
    const VersionMatch vm = match_version(p.version_category, p.version, d.firmware);
    const std::string range = p.version.empty() ? "all versions" : p.version;
    const std::string fw = d.firmware.empty() ? "" : "firmware " + d.firmware;
    if (*status == Status::Affected || *status == Status::UnderInvestigation) {
      const bool investigating = *status == Status::UnderInvestigation;
      switch (vm) {
        case VersionMatch::Inside:
          f.verdict = investigating ? Verdict::PossiblyAffected : Verdict::Affected;
          f.reason = c.how.how + "; " + (fw.empty() ? "every version" : fw) + " is in " + range +
                     (investigating ? " (under investigation)" : "");
          break;
        case VersionMatch::Outside:
          f.verdict = Verdict::NotAffected;
          f.reason = c.how.how + "; " + fw + " is outside " + range;
          break;
        case VersionMatch::Unknown:
          f.verdict = Verdict::PossiblyAffected;
          f.reason = c.how.how + "; " +
                     (d.firmware.empty() ? "firmware unknown, affected: " + range
                                         : "cannot compare " + fw + " with '" + range + "'");
          break;
      }
    } else {
      // Listed as fixed or not affected: not affected when this version is the one listed.
      if (vm == VersionMatch::Outside) continue;
      f.verdict = vm == VersionMatch::Inside ? Verdict::NotAffected : Verdict::PossiblyAffected;
      f.reason = c.how.how + "; " + (fw.empty() ? "version unknown" : fw) + " listed as " +
                 (*status == Status::Fixed ? "fixed" : "not affected") + " (" + range + ")";
      if (vm == VersionMatch::Unknown) continue;  // says nothing about this device
    }
    // Remediations for this product, vendor fixes first, each text once.
    std::vector<const Remediation*> rs;
    for (const Vulnerability& v : a.vulnerabilities)
      for (const Remediation& r : v.remediations)
        if (std::find(r.product_ids.begin(), r.product_ids.end(), p.id) != r.product_ids.end())
          rs.push_back(&r);
    std::stable_sort(rs.begin(), rs.end(), [](const Remediation* x, const Remediation* y) {
      return remediation_rank(x->category) < remediation_rank(y->category);
    });
    std::set<std::string> seen;
    auto append = [](std::string& to, const std::string& text) {
      if (!to.empty()) to += (to.back() == '.' || to.back() == ';') ? " " : "; ";
      to += text;
    };
    for (const Remediation* r : rs) {
      if (r->details.empty() || !seen.insert(r->details).second) continue;
      append(f.remediation, r->details);
      if (r->category == "vendor_fix") append(f.fix, r->details);
    }
    if (!best || better(f, *best)) best = std::move(f);
  }
  return best;
}

}  // namespace otscope::advisory
