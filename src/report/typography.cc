#include "report/typography.h"

namespace xb::report {
namespace {

Typography Filing() {
  Typography t;
  // CAC template (digest §12): margins 2.54 cm top and bottom, 3.18 cm left and right.
  t.margin_top_pt = t.margin_bottom_pt = 2.54 * kPointsPerCm;
  t.margin_left_pt = t.margin_right_pt = 3.18 * kPointsPerCm;
  t.line_pt = 26;  // 固定值 26 磅
  t.first_line_indent_chars = 2;
  const char* serif = "Liberation Serif, Noto Serif CJK SC";
  const char* sans = "Liberation Sans, Noto Sans CJK SC";
  // The template fixes the body (四号仿宋) and the heading faces; the title's size is ours (二号).
  const char* kai = "Liberation Serif, AR PL UKai CN";
  t.title = {"Times New Roman", "黑体", sans, 22, false, true};
  t.subtitle = {"Times New Roman", "楷体", kai, 14, false, false};
  t.h1 = {"Times New Roman", "黑体", sans, 14, false, true};      // 黑体
  t.h2 = {"Times New Roman", "楷体", kai, 14, true, true};        // 楷体加黑
  t.h3 = {"Times New Roman", "仿宋", serif, 14, true, true};      // 仿宋加黑
  t.body = {"Times New Roman", "仿宋", serif, 14, false, false};  // 四号仿宋
  t.table = {"Times New Roman", "仿宋", serif, 12, false, false};
  t.note = {"Times New Roman", "仿宋", serif, 10.5, false, false};
  t.footer = {"Times New Roman", "仿宋", serif, 9, false, false};
  return t;
}

Typography Standard() {
  Typography t;
  t.margin_top_pt = t.margin_bottom_pt = 2.54 * kPointsPerCm;
  t.margin_left_pt = t.margin_right_pt = 3.18 * kPointsPerCm;
  t.line_pt = 0;
  t.line_factor = 1.35;
  t.first_line_indent_chars = 0;
  const char* serif = "Liberation Serif, Noto Serif CJK SC";
  const char* sans = "Liberation Sans, Noto Sans CJK SC";
  t.title = {"Arial", "黑体", sans, 20, true, true};
  t.subtitle = {"Arial", "黑体", sans, 12, false, false};
  t.h1 = {"Arial", "黑体", sans, 15, true, true};
  t.h2 = {"Arial", "黑体", sans, 12.5, true, true};
  t.h3 = {"Arial", "黑体", sans, 11, true, true};
  t.body = {"Times New Roman", "宋体", serif, 11, false, false};
  t.table = {"Times New Roman", "宋体", serif, 9.5, false, false};
  t.note = {"Times New Roman", "宋体", serif, 8.5, false, false};
  t.footer = {"Arial", "黑体", sans, 7.5, false, false};
  return t;
}

}  // namespace

const Typography& TypographyFor(DocStyle style) {
  static const Typography filing = Filing();
  static const Typography standard = Standard();
  return style == DocStyle::kFiling ? filing : standard;
}

}  // namespace xb::report
