# manifest.py - frozen Python of the unix interpreter the tests run: only
# asyncio (the module itself is C).
include("$(MPY_DIR)/extmod/asyncio")
