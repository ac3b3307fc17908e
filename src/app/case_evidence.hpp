#pragma once
// A case's evidence list (证据目录) with its files, encrypted like the
// portal's and every download audited, and the register of property taken
// (涉案财物登记: GZ 47, SL 67) with each handover, return, transfer or
// confiscation. Kept by those who take the measures (the lead unit).
#include <optional>
#include <string>
#include <vector>

#include "app/kernel.hpp"
#include "app/views.hpp"

namespace funnel::app {

class CaseService;
class AttachmentService;

struct CaseEvidenceInput {
  std::optional<std::string> kind, title, obtained_day, source, note;
  std::optional<long long> measure_id;
};
struct CasePropertyInput {
  std::optional<long long> measure_id, value;
  std::optional<std::string> description, quantity, holder, witness, custody_place, keeper, day;
};
struct CasePropertyMoveInput {
  std::optional<std::string> move, day, to, note, custody_place;  // custody_place: a handover's new place
};

struct CaseEvidenceFileView {
  std::string name, type;
  long long size = 0;
};
BOOST_DESCRIBE_STRUCT(CaseEvidenceFileView, (), (name, type, size))
struct CaseEvidenceView {
  long long id = 0;
  int seq = 0;
  std::string kind, title, obtained_day, source;
  std::optional<long long> measure_id;
  std::optional<std::string> note;
  std::optional<CaseEvidenceFileView> file;
  std::string added_by_name, at;
};
BOOST_DESCRIBE_STRUCT(CaseEvidenceView, (),
                      (id, seq, kind, title, obtained_day, source, measure_id, note, file, added_by_name, at))
struct CasePropertyMoveView {
  std::string move, day, to;
  std::optional<std::string> note;
  std::string by_name, at;
};
BOOST_DESCRIBE_STRUCT(CasePropertyMoveView, (), (move, day, to, note, by_name, at))
struct CasePropertyView {
  long long id = 0;
  int seq = 0;
  std::optional<long long> measure_id, value;
  std::string description, quantity, holder;
  std::optional<std::string> witness;
  std::string custody_place, keeper, state, taken_day;
  std::vector<CasePropertyMoveView> moves;
  std::vector<std::string> moves_allowed;  // what the viewer may record now
  std::string recorded_by_name, at;
};
BOOST_DESCRIBE_STRUCT(CasePropertyView, (),
                      (id, seq, measure_id, value, description, quantity, holder, witness, custody_place, keeper,
                       state, taken_day, moves, moves_allowed, recorded_by_name, at))

class CaseEvidenceService {
 public:
  CaseEvidenceService(Kernel& k, CaseService& cases, AttachmentService& files)
      : k_(k), cases_(cases), files_(files) {}
  const Config& config() const { return k_.config(); }

  ListOf<CaseEvidenceView> list_evidence(const Actor& a, long long case_id);
  CaseEvidenceView add_evidence(const Actor& a, long long case_id, const CaseEvidenceInput& in);
  // The item's file, once (type by content, encrypted, content-addressed).
  CaseEvidenceView attach_file(const Actor& a, long long case_id, long long item_id, const std::string& name,
                               const std::string& bytes);
  struct Download {
    std::string filename, mime, bytes;
  };
  // Audited in the same transaction (SY-4).
  Download download_file(const Actor& a, long long case_id, long long item_id);

  ListOf<CasePropertyView> list_property(const Actor& a, long long case_id);
  CasePropertyView add_property(const Actor& a, long long case_id, const CasePropertyInput& in);
  // A return of the measure's last held item, the measure lifted, records
  // the measure's return too (its warning ends).
  CasePropertyView move_property(const Actor& a, long long case_id, long long item_id,
                                 const CasePropertyMoveInput& in);

 private:
  Kernel& k_;
  CaseService& cases_;
  AttachmentService& files_;
};

}  // namespace funnel::app
