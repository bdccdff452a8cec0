{
  "targets": [
    {
      "target_name": "spamscore_watchdog",
      "sources": ["native/watchdog.cc"],
      "cflags_cc": ["-Wno-cast-function-type"]
    }
  ]
}
