#include "report/report_test_util.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/locations.h"

namespace xb::report::testing {
namespace fs = std::filesystem;

std::string ScratchDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "report";
  fs::path dir = fs::path(BuildTreeDir()) / "test-scratch" / "report" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int RunCommand(const std::string& command, std::string* out) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
  int status = pclose(pipe);
  if (out) *out = std::move(text);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

namespace {

std::string WriteTemp(const std::string& bytes, const char* ext) {
  static int counter = 0;
  fs::path dir = fs::path(BuildTreeDir()) / "test-scratch" / "report-tmp";
  fs::create_directories(dir);
  fs::path path =
      dir / ("doc-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ext);
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

}  // namespace

std::string PdfText(const std::string& pdf_bytes, bool raw) {
  std::string path = WriteTemp(pdf_bytes, ".pdf");
  std::string text;
  int code = RunCommand(
      std::string("pdftotext ") + (raw ? "-raw " : "") + "-enc UTF-8 '" + path + "' - 2>/dev/null",
      &text);
  fs::remove(path);
  return code == 0 ? text : "";
}

int PdfPages(const std::string& pdf_bytes) {
  std::string path = WriteTemp(pdf_bytes, ".pdf");
  std::string info;
  int code = RunCommand("pdfinfo '" + path + "' 2>/dev/null", &info);
  fs::remove(path);
  if (code != 0) return -1;
  auto at = info.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::atoi(info.c_str() + at + 6);
}

std::string PdfFonts(const std::string& pdf_bytes) {
  std::string path = WriteTemp(pdf_bytes, ".pdf");
  std::string fonts;
  RunCommand("pdffonts '" + path + "' 2>/dev/null", &fonts);
  fs::remove(path);
  return fonts;
}

std::vector<std::string> ZipNames(const std::string& zip_bytes) {
  std::vector<std::string> names;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  zip_t* archive = src ? zip_open_from_source(src, ZIP_RDONLY, &error) : nullptr;
  if (archive == nullptr) {
    if (src) zip_source_free(src);
    return names;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    names.emplace_back(zip_get_name(archive, static_cast<zip_uint64_t>(i), 0));
  }
  zip_close(archive);
  return names;
}

std::string ZipPart(const std::string& zip_bytes, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
  zip_t* archive = src ? zip_open_from_source(src, ZIP_RDONLY, &error) : nullptr;
  if (archive == nullptr) {
    if (src) zip_source_free(src);
    return "";
  }
  std::string out;
  zip_stat_t st;
  if (zip_stat(archive, name.c_str(), 0, &st) == 0) {
    zip_file_t* file = zip_fopen(archive, name.c_str(), 0);
    if (file) {
      out.resize(st.size);
      zip_int64_t n = zip_fread(file, out.data(), st.size);
      if (n < 0) out.clear();
      zip_fclose(file);
    }
  }
  zip_close(archive);
  return out;
}

bool XmlParses(const std::string& xml) {
  xmlDoc* doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "part.xml", "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return false;
  xmlFreeDoc(doc);
  return true;
}

std::string XmlText(const std::string& xml) {
  xmlDoc* doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "part.xml", "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return "";
  xmlChar* content = xmlNodeGetContent(xmlDocGetRootElement(doc));
  std::string text = content ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  xmlFreeDoc(doc);
  return text;
}

std::string Collapse(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') out += c;
  }
  return out;
}

}  // namespace xb::report::testing
