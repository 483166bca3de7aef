{{/* The chart's name, or nameOverride. */}}
{{- define "memberships.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's full name: fullnameOverride, or release-chart (just the release name when it
already contains the chart's name). At most 63 characters, a DNS label.
*/}}
{{- define "memberships.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "memberships.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "memberships.labels" -}}
helm.sh/chart: {{ include "memberships.chart" . }}
{{ include "memberships.selectorLabels" . }}
app.kubernetes.io/version: {{ (.Values.image.tag | default .Chart.AppVersion) | toString | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: memberships
{{- end }}

{{/* The labels that select the pods; never change them in an upgrade. */}}
{{- define "memberships.selectorLabels" -}}
app.kubernetes.io/name: {{ include "memberships.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "memberships.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "memberships.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag, or repository@digest when a digest is given. */}}
{{- define "memberships.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}
{{- end }}

{{/* Label matchers for the PrometheusRule: this release's Service, as the ServiceMonitor scrapes it. */}}
{{- define "memberships.metricSelector" -}}
namespace="{{ .Release.Namespace }}",service="{{ include "memberships.fullname" . }}"
{{- end }}
