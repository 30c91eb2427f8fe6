INSERT INTO hook_log SELECT 'file before-drop', {partition_name}, count(*), {from}, {to} FROM {partition}
