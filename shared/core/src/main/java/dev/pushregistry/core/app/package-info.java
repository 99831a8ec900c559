/** The apps a deployment serves: their ids, which one is the default, and how a request names one. */
package dev.pushregistry.core.app;
