// Public security advisories (CSAF 2.0, OASIS) and what they say about the devices otscope has
// identified: the parsed document (only what matching and reporting need), and the verdict for
// one device against one advisory. Pure: no SQL, no files; db/advisory_store.* stores them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace otscope::advisory {

/// A CSAF document otscope cannot use; what() is the one-line reason ("not CSAF 2.0: ...").
class CsafError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One leaf of the product tree: a product (and version) with its id.
struct Product {
  std::string id;      // product_id, unique in the document
  std::string vendor;  // the vendor branch's name
  std::string name;    // the product_name branch's name (or the full product name)
  /// The version branch: its category ("product_version" or "product_version_range") and name
  /// ("vers:all/<V3.2.17", "All versions < V4.6 Patch 01", "V3.2.7"); empty when absent.
  std::string version_category;
  std::string version;
  /// Order numbers: product_identification_helper.model_numbers and .skus, and any
  /// "(6ES7315-2EH14-0AB0)"-style number in the name.
  std::vector<std::string> order_numbers;
};

struct Remediation {
  std::string category;  // vendor_fix, mitigation, workaround, none_available, no_fix_planned
  std::string details;
  std::string url;
  std::vector<std::string> product_ids;
};

/// How the vulnerability concerns a product id.
enum class Status : std::uint8_t { Affected, NotAffected, Fixed, UnderInvestigation };

struct Vulnerability {
  std::string cve;    // may be empty
  std::string title;  // may be empty
  double cvss = -1;   // highest CVSS base score given (v3 preferred over v2); -1 when none
  std::string cvss_vector;
  std::map<std::string, Status> products;  // product id -> status
  std::vector<Remediation> remediations;
};

struct Advisory {
  std::string tracking_id;  // "ICSA-19-283-02"
  std::string version;      // tracking.version, "1.0.0" or "3"
  std::string title;
  std::string publisher;
  std::int64_t initial_release_us = 0;
  std::int64_t current_release_us = 0;
  std::string url;  // the "self" reference, else the first external one
  std::vector<Product> products;
  std::vector<Vulnerability> vulnerabilities;

  /// The highest CVSS base score of its vulnerabilities, -1 when none has one.
  double max_cvss() const;
  /// Distinct normalised vendor keys of its products (see vendor_key).
  std::vector<std::string> vendor_keys() const;
};

/// Parses one CSAF 2.0 JSON document. Throws CsafError naming what is wrong (not JSON, not a CSAF
/// 2.0 document, no tracking id/version, no product tree, a product id the vulnerabilities use
/// but the tree lacks).
Advisory parse_csaf(std::string_view json_text);

/// Our own compact JSON of an Advisory (what the database stores), and back.
std::string to_json(const Advisory& a);
Advisory from_json(std::string_view json_text);

/// Compares two tracking versions ("1.0.0" < "1.2.0" < "2"): <0, 0, >0.
int compare_tracking_versions(std::string_view a, std::string_view b);

/// What otscope knows about one device, from its identity facts ("" when unknown).
struct DeviceIdentity {
  std::string vendor;        // identity vendor, else the MAC vendor
  std::string model;         // "S7-300"
  std::string module_type;   // "CPU 315-2 PN/DP"
  std::string product;       // product name as the device reports it
  std::string order_number;  // "6ES7 315-2EH14-0AB0"
  std::string firmware;      // "V3.2.7"
  std::string hardware;
  bool empty() const {
    return model.empty() && module_type.empty() && product.empty() && order_number.empty();
  }
};

enum class Verdict : std::uint8_t { NotAffected, PossiblyAffected, Affected };
std::string_view verdict_name(Verdict v);  // "not_affected", "possibly_affected", "affected"

/// One advisory's verdict for one device, with why.
struct Finding {
  Verdict verdict = Verdict::NotAffected;
  std::string product_id;     // the product of the tree that matched
  std::string product_name;   // its name (vendor branch first)
  std::string version_range;  // the version branch it was judged against
  /// "order number 6ES7315-2EH14-0AB0 listed; firmware V3.2.7 is in < V3.2.17".
  std::string reason;
  std::vector<std::string> cves;  // of the vulnerabilities concerning that product
  double cvss = -1;               // highest base score among them
  std::string cvss_vector;
  /// Remediation texts for that product, vendor fixes first, then workarounds and mitigations.
  std::string remediation;
  std::string fix;  // only the vendor fixes ("Update to V3.2.17"); "" when there is none
};

/// Normalised vendor name for comparisons: lower case, legal forms and punctuation dropped, known
/// aliases joined ("Siemens AG" and "Original Siemens Equipment" -> "siemens", "Telemecanique",
/// "Modicon" -> "schneider electric", "Allen-Bradley" -> "rockwell automation", ...).
std::string vendor_key(std::string_view vendor);
/// Order number for comparisons: upper case, no spaces, dashes or dots.
std::string normalise_order_number(std::string_view order);
/// True when `device` (normalised) equals `listed` (normalised), an 'X' in `listed` standing for
/// any character.
bool order_number_matches(std::string_view listed, std::string_view device);

/// Result of judging a version against a version branch.
enum class VersionMatch : std::uint8_t { Inside, Outside, Unknown };
/// `version` (as the device reports it) against a product_version ("V3.2.7") or
/// product_version_range ("vers:all/<V3.2.17", "vers:generic/>=1.0|<2.0", "All versions < V4.6
/// Patch 01", "<= 2.3", "All versions", "*"). Unknown when the version is empty or the range is
/// not understood.
VersionMatch match_version(std::string_view category, std::string_view range,
                           std::string_view version);

/// The advisory's verdict for the device: the strongest over the products that match it
/// (affected > possibly affected > not affected); nullopt when no product of the advisory is
/// this device.
std::optional<Finding> judge(const Advisory& a, const DeviceIdentity& device);

}  // namespace otscope::advisory
