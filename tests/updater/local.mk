# updater tests
