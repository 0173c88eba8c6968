pytest_plugins = ["devmail.pytest_plugin"]
