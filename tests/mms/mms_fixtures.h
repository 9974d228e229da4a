// Shared helpers of the MMS tests: BER built element by element, the OSI layers around an MMS PDU
// (ISO session SPDU, presentation PPDU, ACSE for association set-up) and TPKT + COTP frames, as
// ISO 9506-2, ISO 8327-1, ISO 8823-1, ISO 8650-1 and RFC 1006 lay them out.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace otscope::mms::test {

using Frame = std::vector<std::uint8_t>;

inline Frame cat(std::initializer_list<Frame> parts) {
  Frame out;
  for (const Frame& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

/// A BER element: identifier octets, definite length, contents.
inline Frame tlv(Frame identifier, const Frame& content) {
  Frame out = std::move(identifier);
  const std::size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n < 0x100) {
    out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
  } else {
    out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  }
  out.insert(out.end(), content.begin(), content.end());
  return out;
}
inline Frame tlv(std::uint8_t identifier, const Frame& content) {
  return tlv(Frame{identifier}, content);
}
inline Frame text(const std::string& s) {
  return Frame(s.begin(), s.end());
}
inline Frame visible(const std::string& s) {
  return tlv(0x1A, text(s));
}

/// A confirmed request: invoke id and the service element.
inline Frame confirmed_request(std::uint8_t invoke, const Frame& service) {
  return tlv(0xA0, cat({tlv(0x02, {invoke}), service}));
}
inline Frame confirmed_response(std::uint8_t invoke, const Frame& service) {
  return tlv(0xA1, cat({tlv(0x02, {invoke}), service}));
}
/// A confirmed error: serviceError errorClass [0] choice `error_class` [n], code `code`.
inline Frame confirmed_error(std::uint8_t invoke, std::uint8_t error_class, std::uint8_t code) {
  return tlv(
      0xA2,
      cat({tlv(0x80, {invoke}),
           tlv(0xA2, tlv(0xA0, tlv(static_cast<std::uint8_t>(0x80 | error_class), {code})))}));
}
/// A domain-specific object name.
inline Frame domain_name(const std::string& domain, const std::string& item) {
  return tlv(0xA1, cat({visible(domain), visible(item)}));
}
/// listOfVariable with one named variable.
inline Frame one_variable(const Frame& object_name) {
  return tlv(0xA0, tlv(0x30, tlv(0xA0, object_name)));
}
inline Frame read_service(const Frame& object_name) {
  return tlv(0xA4, tlv(0xA1, one_variable(object_name)));
}
inline Frame write_service(const Frame& object_name, const Frame& data) {
  return tlv(0xA5, cat({one_variable(object_name), tlv(0xA0, data)}));
}

/// initiate-RequestPDU / initiate-ResponsePDU with the usual IEC 61850 parameters.
inline Frame initiate(bool response) {
  const Frame detail = tlv(
      0xA4,
      cat({tlv(0x80, {0x01}), tlv(0x81, {0x05, 0xF1, 0x00}),
           tlv(0x82, {0x03, 0xEE, 0x1C, 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x79, 0xEF, 0x18})}));
  return tlv(response ? 0xA9 : 0xA8, cat({tlv(0x80, {0x00, 0xFD, 0xE8}), tlv(0x81, {0x05}),
                                          tlv(0x82, {0x05}), tlv(0x83, {0x0A}), detail}));
}

/// Presentation fully-encoded data holding one PDV of context `context`.
inline Frame fully_encoded(std::uint8_t context, const Frame& value) {
  return tlv(0x61, tlv(0x30, cat({tlv(0x02, {context}), tlv(0xA0, value)})));
}

/// An AARQ (or an AARE accepting the association) whose user information carries `mms`.
inline Frame acse(bool response, const Frame& mms) {
  const Frame context_name = tlv(0xA1, tlv(0x06, {0x28, 0xCA, 0x22, 0x02, 0x03}));  // MMS
  const Frame user_information = tlv(0xBE, tlv(0x28, cat({tlv(0x02, {0x03}), tlv(0xA0, mms)})));
  if (!response) return tlv(0x60, cat({context_name, user_information}));
  const Frame result = tlv(0xA2, tlv(0x02, {0x00}));                 // accepted
  const Frame diagnostic = tlv(0xA3, tlv(0xA1, tlv(0x02, {0x00})));  // service user: null
  return tlv(0x61, cat({context_name, result, diagnostic, user_information}));
}

/// Session CONNECT (or ACCEPT) whose user data is a presentation CP-type (or CPA-PPDU) carrying
/// the ACSE APDU with `mms`.
inline Frame connect(bool accept, const Frame& mms) {
  // Presentation contexts 1 (ACSE, 2.2.1.0.1) and 3 (MMS, 1.0.9506.2.1), both in BER (2.1.1).
  const Frame ber = tlv(0x30, tlv(0x06, {0x51, 0x01}));
  const Frame contexts = tlv(
      0xA4,
      cat({tlv(0x30, cat({tlv(0x02, {0x01}), tlv(0x06, {0x52, 0x01, 0x00, 0x01}), ber})),
           tlv(0x30, cat({tlv(0x02, {0x03}), tlv(0x06, {0x28, 0xCA, 0x22, 0x02, 0x01}), ber}))}));
  const Frame accepted = tlv(0x30, cat({tlv(0x80, {0x00}), tlv(0x81, {0x51, 0x01})}));
  const Frame selector = {0x00, 0x00, 0x00, 0x01};
  const Frame parameters = accept ? cat({tlv(0x83, selector), tlv(0xA5, cat({accepted, accepted})),
                                         fully_encoded(0x01, acse(true, mms))})
                                  : cat({tlv(0x81, selector), tlv(0x82, selector), contexts,
                                         fully_encoded(0x01, acse(false, mms))});
  const Frame ppdu = tlv(0x31, cat({tlv(0xA0, tlv(0x80, {0x01})), tlv(0xA2, parameters)}));
  Frame session = {0x05, 0x06, 0x13, 0x01, 0x00, 0x16, 0x01, 0x02, 0x14, 0x02,
                   0x00, 0x02, 0x33, 0x02, 0x00, 0x01, 0x34, 0x02, 0x00, 0x01};
  session.push_back(0xC1);
  session.push_back(static_cast<std::uint8_t>(ppdu.size()));
  session.insert(session.end(), ppdu.begin(), ppdu.end());
  Frame spdu = {static_cast<std::uint8_t>(accept ? 0x0E : 0x0D),
                static_cast<std::uint8_t>(session.size())};
  spdu.insert(spdu.end(), session.begin(), session.end());
  return spdu;
}

/// GIVE TOKENS + DATA TRANSFER and presentation data of the MMS context (3).
inline Frame data(const Frame& mms) {
  return cat({{0x01, 0x00, 0x01, 0x00}, fully_encoded(0x03, mms)});
}

/// TPKT + COTP DT (last data unit) around `payload`.
inline Frame dt(const Frame& payload) {
  const std::size_t n = 7 + payload.size();
  return cat({{0x03, 0x00, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n), 0x02,
               0xF0, 0x80},
              payload});
}

/// COTP connection request and confirm with MMS's TSAPs (0x0001 both ends).
inline Frame cr() {
  return {0x03, 0x00, 0x00, 0x16, 0x11, 0xE0, 0x00, 0x00, 0x00, 0x01, 0x00,
          0xC0, 0x01, 0x0D, 0xC2, 0x02, 0x00, 0x01, 0xC1, 0x02, 0x00, 0x01};
}
inline Frame cc() {
  return {0x03, 0x00, 0x00, 0x16, 0x11, 0xD0, 0x00, 0x01, 0x00, 0x02, 0x00,
          0xC0, 0x01, 0x0D, 0xC2, 0x02, 0x00, 0x01, 0xC1, 0x02, 0x00, 0x01};
}

}  // namespace otscope::mms::test
